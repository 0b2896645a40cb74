# Berth as a container image: built from source with the project's Maven wrapper, run on a JRE as
# an unprivileged user. Listens on 5000; configure it with REGISTRY_* environment variables
# (see README, "Configuration"). docker-compose.yml runs it on MinIO.
ARG BUILD_IMAGE=maven:3-eclipse-temurin-21
ARG RUNTIME_IMAGE=eclipse-temurin:21-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY storage/ storage/
COPY auth/ auth/
COPY registry-api/ registry-api/
RUN ./mvnw -B -q package -DskipTests

FROM ${RUNTIME_IMAGE}
RUN groupadd --system berth \
    && useradd --system --gid berth --home-dir /app --no-create-home --shell /usr/sbin/nologin berth \
    && mkdir -p /app/data \
    && chown berth:berth /app/data
WORKDIR /app
COPY --from=build /src/registry-api/target/berth.jar /app/berth.jar
USER berth
# With the filesystem driver (the default) data lives in /app/data; mount a volume there.
EXPOSE 5000
ENTRYPOINT ["java","-jar","/app/berth.jar"]
