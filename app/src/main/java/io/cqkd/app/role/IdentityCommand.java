package io.cqkd.app.role;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cqkd identity FILE}: prints the public key of the identity in FILE, making the file first if
 * there is none, so that Alice's and Bob's keys can be made, and each told the other's, before
 * either starts.
 */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = {"Print the Ed25519 public key (64 hex digits) of an identity key file, making the file if missing.",
            "Give Alice's to Bob as ALICE_PUBLIC_KEY and Bob's to Alice as BOB_PUBLIC_KEY;"
                    + " each runs with its own file as IDENTITY_KEY_FILE."})
public final class IdentityCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the identity key file (PEM PKCS#8 Ed25519)")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            IdentityFile.Loaded identity = IdentityFile.loadOrCreate(file, new SecureRandom());
            if (identity.created()) {
                spec.commandLine().getErr().println("cqkd: made a new identity in " + file);
            }
            spec.commandLine().getOut().println(HexFormat.of().formatHex(identity.keys().publicKey()));
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("cqkd: " + e.getMessage());
            return 2;
        }
    }
}
