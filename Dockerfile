# Berth as a container image: built from source with the project's Maven wrapper on a JDK, run on
# a JRE as an unprivileged user (uid 10001). Listens on 5000; configure it with REGISTRY_*
# environment variables (docs/configuration.md); data of the filesystem driver goes to /data.
# docker-compose.yml runs it on MinIO.
#
#   docker build -t berth .
#   docker run -d -p 5000:5000 -v berth-data:/data berth
#
# The base images are arguments, so a site can take them from its own mirror or use a hardened
# base (the runtime stage runs no command, so a base without a shell works too):
#   docker build --build-arg BUILD_IMAGE=mirror.example.org/eclipse-temurin:25-jdk \
#                --build-arg RUNTIME_IMAGE=mirror.example.org/eclipse-temurin:25-jre -t berth .
# MAVEN_MIRROR takes the Maven wrapper and every dependency from a repository manager instead of
# Maven Central: --build-arg MAVEN_MIRROR=https://nexus.example.org/repository/maven-public
ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

FROM ${BUILD_IMAGE} AS build
ARG MAVEN_MIRROR=
ENV MVNW_REPOURL=${MAVEN_MIRROR}
WORKDIR /src
# Dependencies first, in a layer of their own: it is rebuilt only when a pom changes.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY oci/pom.xml oci/
COPY storage-driver/pom.xml storage-driver/
COPY storage/pom.xml storage/
COPY auth/pom.xml auth/
COPY registry-api/pom.xml registry-api/
RUN if [ -n "$MAVEN_MIRROR" ]; then \
        mkdir -p "$HOME/.m2" && printf '%s\n' '<settings><mirrors><mirror><id>site</id><mirrorOf>*</mirrorOf>' \
            "<url>$MAVEN_MIRROR</url></mirror></mirrors></settings>" > "$HOME/.m2/settings.xml"; \
    fi \
    && ./mvnw -B -q dependency:go-offline -DskipTests
COPY oci/src/main/ oci/src/main/
COPY storage-driver/src/main/ storage-driver/src/main/
COPY storage/src/main/ storage/src/main/
COPY auth/src/main/ auth/src/main/
COPY registry-api/src/main/ registry-api/src/main/
# The jar's layers (Spring Boot's "tools" jar mode): libraries, which rarely change, apart from
# the application's own classes, so an upgrade of Berth ships a small layer.
# (The runtime stage makes its own AOT cache: it must come from the JVM that reads it.)
RUN ./mvnw -B -q package -DskipTests -Dberth.cds.skip=true \
    && java -Djarmode=tools -jar registry-api/target/berth.jar extract --layers --destination /layers \
    && mkdir -p /rootfs/data

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# The data folder belongs to the user the registry runs as; numeric, so the base needs no useradd.
COPY --from=build --chown=10001:10001 /rootfs/ /
# Start-up: a JDK 25 AOT cache (JEP 483/514/515) of the classes a training run loads and links and
# of its method profiles, so start-up does not parse, verify and link some 11,000 classes again.
# The training run starts the application context over an empty store and exits before listening
# (spring.context.exit=onRefresh), on the bean definitions Spring AOT generated at build, as the
# ENTRYPOINT will (docs/operations.md#start-up); made here, by the runtime image's own JVM (the only
# one that may read it) and with the ENTRYPOINT's JVM options. Exec form: the base needs no shell.
RUN ["java", "-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=25", "-XX:+UseSerialGC", "-Xss512k", \
     "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=32m", "-XX:+UseCompactObjectHeaders", \
     "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TrimNativeHeapInterval=1000", \
     "-XX:AOTCacheOutput=/app/berth.aot", "-Xlog:disable", "-Xlog:all=error:stderr", \
     "-Dspring.context.exit=onRefresh", "-jar", "/app/berth.jar", \
     "--server.port=0", "--registry.storage.filesystem.root=/tmp/aot-training", "--logging.level.root=warn"]
# glibc keeps a malloc arena per core otherwise; two are plenty for a JVM that mallocs little.
ENV MALLOC_ARENA_MAX=2
USER 10001:10001
ENV REGISTRY_STORAGE_FILESYSTEM_ROOT=/data
# Every interface inside the container: its loopback is its own, and -p chooses what the host exposes
# (README publishes on 127.0.0.1). Outside a container Berth listens on 127.0.0.1 by default.
ENV SERVER_ADDRESS=0.0.0.0
VOLUME /data
EXPOSE 5000
# One GET to the registry in this container, by a main class of the jar that starts no Spring
# (see HealthProbe: BERTH_HEALTHCHECK_URL or BERTH_HEALTHCHECK_PATH choose where it asks).
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 \
    CMD ["java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "/app/berth.jar", \
         "dev.berth.registry.container.HealthProbe"]
# JVM defaults for a small VM (bench/README.md has the measurements):
# - heap: a quarter of the memory limit, at most 128 MiB (MaxRAM caps what the JVM sizes itself for;
#   under a smaller container limit the limit counts). Berth streams every blob and manifest, so the
#   heap holds the application (about 30 MiB live) and, on S3, a part buffer (16 MiB by default) per
#   upload in flight; it grows only as needed (48 MiB committed on the filesystem under the benchmark).
#   -Xmx in JDK_JAVA_OPTIONS replaces the cap (-e JDK_JAVA_OPTIONS=-Xmx1g), whatever the order.
# - SerialGC: no GC worker threads, the smallest collector, and it gives memory back.
# - thread stacks 512 KiB: requests run on virtual threads (stacks on the heap), so platform threads
#   are few. Direct buffers 32 MiB: blob GET is sendfile and uploads use heap buffers.
#   Code cache 48 MiB: what this application compiles fits.
# - compact object headers (JEP 519, JDK 25): 8-byte headers, about a tenth less heap.
# - the heap shrinks after a collection to at most 30% free (70% by default), and the memory malloc
#   freed (the JIT's scratch space, mostly) goes back to the system every second
#   (TrimNativeHeapInterval): about 24 MiB less peak RSS under the benchmark's push and pull.
# Virtual threads serve the requests (on by default, Java 21+). Arguments after the image name are Berth's own
# (--registry.read-only=true, or a command: token list, gc --dry-run); give the port and TLS as
# SERVER_PORT / SERVER_SSL_BUNDLE, which the HEALTHCHECK reads too.
ENTRYPOINT ["java", "-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=25", "-XX:+UseSerialGC", "-Xss512k", \
            "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=32m", "-XX:+UseCompactObjectHeaders", \
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TrimNativeHeapInterval=1000", \
            "-XX:AOTCache=/app/berth.aot", "-jar", "/app/berth.jar"]
