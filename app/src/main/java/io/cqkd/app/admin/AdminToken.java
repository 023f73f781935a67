package io.cqkd.app.admin;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.cqkd.app.role.SecretFile;
import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The credential every change through the admin endpoint must carry ({@code Authorization: Bearer
 * <token>}): {@code ADMIN_TOKEN}, or the token in a file readable by its owner only —
 * {@code ADMIN_TOKEN_FILE}, else {@code DATA_DIR/admin-<port>.token}, else
 * {@code <temp dir>/cqkd-admin-<port>.token} — made with a random token at first start. So a local
 * process can flip a flag only if it runs as the operator's user (or is given the token).
 *
 * @param token the secret
 * @param source where it came from, for the log ("ADMIN_TOKEN" or the file's path); never the token
 */
public record AdminToken(String token, String source) {
    /** 128 bits: beyond guessing through an HTTP endpoint. */
    private static final int RANDOM_BYTES = 16;

    /** Refuses an admin endpoint that other hosts can reach unless its token is given explicitly. */
    public static void checkBind(Settings settings) {
        String bind = settings.get(SettingNames.ADMIN_BIND);
        if (settings.get(SettingNames.ADMIN_TOKEN).isEmpty() && settings.get(SettingNames.ADMIN_TOKEN_FILE).isEmpty()
                && !isLoopback(bind)) {
            throw new InvalidSettingException("ADMIN_BIND", bind, "the admin endpoint on an address other hosts can"
                    + " reach needs a token: set ADMIN_TOKEN or ADMIN_TOKEN_FILE (or bind it to 127.0.0.1)");
        }
    }

    /** The token for the admin endpoint on {@code port}; refuses a non-loopback bind without an explicit one. */
    public static AdminToken resolve(Settings settings, int port) {
        checkBind(settings);
        String explicit = settings.get(SettingNames.ADMIN_TOKEN);
        String file = settings.get(SettingNames.ADMIN_TOKEN_FILE);
        if (!explicit.isEmpty()) {
            return new AdminToken(explicit, "ADMIN_TOKEN");
        }
        Path path = !file.isEmpty() ? Path.of(file)
                : !settings.get(SettingNames.DATA_DIR).isEmpty() ? Path.of(settings.get(SettingNames.DATA_DIR), "admin-" + port + ".token")
                : Path.of(System.getProperty("java.io.tmpdir"), "cqkd-admin-" + port + ".token");
        try {
            return new AdminToken(loadOrCreate(path), path.toString());
        } catch (IOException e) {
            throw new InvalidSettingException("ADMIN_TOKEN_FILE", path.toString(), "cannot read or make the admin token"
                    + " file: " + e.getMessage());
        }
    }

    /** Whether an {@code Authorization} header carries this token (compared in constant time). */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(authorization.substring("Bearer ".length()).trim().getBytes(US_ASCII),
                token.getBytes(US_ASCII));
    }

    @Override
    public String toString() {
        return "AdminToken[from " + source + "]"; // never the secret
    }

    private static String loadOrCreate(Path file) throws IOException {
        return SecretFile.loadOrCreate(file, AdminToken::read, () -> {
            byte[] random = new byte[RANDOM_BYTES];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            return new SecretFile.Made<>(token + "\n", token);
        }).value();
    }

    private static String read(Path file) throws IOException {
        String token = SecretFile.readSmall(file, 1024, "a token").trim();
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IOException(file + " holds no token (one line of printable ASCII expected)");
        }
        return token;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
