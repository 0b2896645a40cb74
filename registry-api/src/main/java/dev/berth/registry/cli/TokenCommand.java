package dev.berth.registry.cli;

import dev.berth.auth.ci.CiToken;
import dev.berth.auth.ci.CiTokenAdmin;
import dev.berth.auth.ci.CiTokenStore;
import dev.berth.registry.audit.AuditTrail;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar berth.jar token create --name ci --expires 30d [--group g]...},
 * {@code token list}, {@code token revoke <id>}: CI tokens in the store the registry is configured
 * with (the same {@code application.yml}, environment and {@code --registry.*=...} settings), no
 * server started. The secret is printed once, on standard output.
 */
public final class TokenCommand {
    private static final String USAGE = """
            usage: java -jar berth.jar token create --name NAME --expires DURATION [--group GROUP]...
                   java -jar berth.jar token list
                   java -jar berth.jar token revoke ID
            Settings (--registry.storage.filesystem.root=...) are read as the registry reads them.""";

    private TokenCommand() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && args[0].equals("token");
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, OfflineContext application) {
        List<String> words = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        String name = null;
        String expires = null;
        List<String> groups = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            if (option.equals("--name") || option.equals("--expires") || option.equals("--group")) {
                String value = inline != null ? inline : (i + 1 < args.length ? args[++i] : null);
                if (value == null) {
                    err.println(option + " needs a value\n" + USAGE);
                    return 2;
                }
                switch (option) {
                    case "--name" -> name = value;
                    case "--expires" -> expires = value;
                    default -> groups.add(value);
                }
            } else if (arg.startsWith("--")) {
                settings.add(arg);
            } else {
                words.add(arg);
            }
        }
        if (words.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        try (ConfigurableApplicationContext context = application.open(settings.toArray(String[]::new))) {
            CiTokenAdmin admin = context.getBean(CiTokenAdmin.class);
            // Recorded through the context's audit queue, which closing the context writes out.
            AuditTrail audit = context.getBean(AuditTrail.class);
            switch (words.get(0)) {
                case "create" -> {
                    CiTokenStore.Created created = admin.create(name, expires, groups);
                    audit.ciTokenChangedByCommand(true, created.token());
                    out.println("id:      " + created.token().id());
                    out.println("name:    " + created.token().name());
                    out.println("expires: " + created.token().expiresAt());
                    out.println("secret:  " + created.secret().value());
                    out.println("Use the name as user name and the secret as password; it is not shown again.");
                    return 0;
                }
                case "list" -> {
                    for (CiToken token : admin.list()) {
                        out.println(token.id() + "  " + token.name() + "  expires " + token.expiresAt()
                                + (token.groups().isEmpty() ? "" : "  groups " + String.join(",", token.groups())));
                    }
                    return 0;
                }
                case "revoke" -> {
                    if (words.size() != 2) {
                        err.println(USAGE);
                        return 2;
                    }
                    Optional<CiToken> token = admin.find(words.get(1));
                    if (admin.revoke(words.get(1))) {
                        token.ifPresent(revoked -> audit.ciTokenChangedByCommand(false, revoked));
                        out.println("revoked " + words.get(1));
                        return 0;
                    }
                    err.println("no token " + words.get(1));
                    return 1;
                }
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }
}
