package io.kubectlgpu.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fault suite's figures: each fault test class writes its rows of the README's "Reliability" table to
 * target/reliability/NAME.md as it finishes; scripts/reliability-table puts them together into
 * target/reliability.md and, with --update, into the README (the rows are never written by hand).
 */
final class Reliability {
    private Reliability() {
    }

    static void write(String name, String rows) {
        try {
            Path dir = Path.of(System.getProperty("build.dir", "target")).toAbsolutePath().resolve("reliability");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".md"), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
