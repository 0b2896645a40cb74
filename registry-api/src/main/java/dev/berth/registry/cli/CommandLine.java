package dev.berth.registry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;
import dev.berth.registry.replication.ReplicationCommand;
import dev.berth.registry.retention.RetentionCommand;

/**
 * The jar's words that are not a command of their own: {@code --help}/{@code help}, {@code --version},
 * and the refusal of a word that names no command (rather than starting a server that ignores it).
 */
public final class CommandLine {
    public static final String HELP = """
            usage: java -jar berth.jar [COMMAND] [--SETTING=VALUE]...

            Commands:
              serve                run the registry (the default when no command is given)
              gc [--dry-run] [--delete-untagged]
                                   remove blobs (and untagged manifests) nothing references
              check [--repair]     verify every stored blob and link against its digest
              retention [--dry-run]
                                   apply registry.retention.rules now (or list what they would remove)
              replicate RULE       run registry.replication.rules' RULE once; exits 1 if anything failed
              token create --name NAME --expires DURATION [--group GROUP]...
              token list | token revoke ID
                                   CI tokens: a user name and secret for pipelines
              help, --help         this text
              --version            the version of Berth

            Main settings (also environment variables: --server.port=5000 is SERVER_PORT=5000):
              --server.address=127.0.0.1           where to listen; 0.0.0.0 for every interface
              --server.port=5000                   HTTP port
              --registry.storage.driver=filesystem filesystem or s3
              --registry.storage.filesystem.root=./data
              --registry.storage.s3.bucket=NAME    with .endpoint, .region, .access-key, .secret-key
              --registry.auth.mode=none            none, basic or token
              --registry.auth.htpasswd-file=FILE   users with bcrypt hashes (htpasswd -B)
              --registry.storage.delete.enabled=true
              --registry.gc.schedule='0 0 3 * * *' scheduled garbage collection (cron, six fields)
              --registry.read-only=false           maintenance mode
            All settings: docs/configuration.md""";

    private static final Set<String> COMMANDS = Set.of("serve", "gc", "check", "token", RetentionCommand.NAME,
            ReplicationCommand.NAME);

    private CommandLine() {
    }

    /** Whether the first argument asks to start the server: none, {@code serve}, or only settings. */
    public static boolean startsServer(String[] args) {
        return args.length == 0 || args[0].equals("serve") || args[0].startsWith("--") && args[0].contains("=");
    }

    /** Handles help, version and unknown words; returns the exit code, or -1 when the words are a command. */
    public static int handle(String[] args, PrintStream out, PrintStream err) {
        String word = args[0];
        if (word.equals("help") || word.equals("--help") || word.equals("-h")) {
            out.println(HELP);
            return 0;
        }
        if (word.equals("--version") || word.equals("version")) {
            out.println("Berth " + version());
            return 0;
        }
        if (COMMANDS.contains(word)) {
            return -1;
        }
        err.println("berth: unknown command '" + word + "'");
        err.println();
        err.println(HELP);
        return 2;
    }

    /** The version Maven's build-info wrote into the jar. */
    static String version() {
        try (InputStream in = CommandLine.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "(unknown: built without build-info)";
            }
            Properties info = new Properties();
            info.load(in);
            return info.getProperty("build.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
