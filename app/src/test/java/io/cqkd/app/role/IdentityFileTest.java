package io.cqkd.app.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.Ed25519Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFileTest {
    /** A key made by {@code openssl genpkey -algorithm ed25519}, and its public key by {@code openssl pkey -pubout}. */
    private static final String OPENSSL_KEY = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIKvPRWoH+FvkDMqMQlPNd71O+/Qk3YQ9/xjIZIku7ouj
            -----END PRIVATE KEY-----
            """;
    private static final String OPENSSL_PUBLIC_KEY = "ea93c55307c578c2ba62146ff391eca246eec297fb70fb1cc49a6f92ec526433";

    @TempDir
    Path dir;

    @Test
    void madeOnceReadableByItsOwnerOnlyAndNeverReplaced() throws Exception {
        Path file = dir.resolve("keys/alice.identity");
        IdentityFile.Loaded made = IdentityFile.loadOrCreate(file, new SecureRandom());
        IdentityFile.Loaded again = IdentityFile.loadOrCreate(file, new SecureRandom());
        assertThat(made.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.keys().publicKey()).isEqualTo(made.keys().publicKey());
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        byte[] message = "m".getBytes(StandardCharsets.US_ASCII);
        assertThat(Ed25519Verifier.verify(made.keys().publicKey(), message, again.keys().sign(message))).isTrue();
    }

    @Test
    void readsAKeyThatOpensslMade() throws Exception {
        Path file = Files.writeString(dir.resolve("openssl.pem"), OPENSSL_KEY);
        Ed25519KeyPair keys = IdentityFile.read(file);
        assertThat(HexFormat.of().formatHex(keys.publicKey())).isEqualTo(OPENSSL_PUBLIC_KEY);
    }

    @Test
    void aFileThatIsNotAnEd25519KeyIsOneLine() throws Exception {
        Path garbage = Files.writeString(dir.resolve("g"), "not a key\n");
        Path rsaLike = Files.writeString(dir.resolve("r"), "-----BEGIN PRIVATE KEY-----\nMAoCAQAwBQYDK2Vw\n-----END PRIVATE KEY-----\n");
        Path notBase64 = Files.writeString(dir.resolve("b"), "-----BEGIN PRIVATE KEY-----\n@@@@\n-----END PRIVATE KEY-----\n");
        for (Path bad : new Path[] {garbage, rsaLike, notBase64}) {
            assertThatThrownBy(() -> IdentityFile.read(bad)).isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith(bad.toString()));
        }
        assertThatThrownBy(() -> IdentityFile.loadOrCreate(garbage, new SecureRandom())).isInstanceOf(IOException.class);
        assertThat(Files.readString(garbage)).as("a bad file is reported, never overwritten").isEqualTo("not a key\n");
    }
}
