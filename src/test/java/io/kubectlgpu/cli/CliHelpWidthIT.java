package io.kubectlgpu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.PackagedApp;
import io.kubectlgpu.testing.Testenv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The width of --help on the packaged executable, and what it costs: picocli learns a terminal's width by
 * running {@code stty}, a process per --help. Here {@code stty} is a stand-in on PATH that writes down each call
 * and answers 132 columns, so the test sees whether the executable asked and whether it used the answer.
 */
class CliHelpWidthIT {
    @TempDir
    Path dir;

    private Path sttyCalls;
    private Map<String, String> env;

    private void fakeStty() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        sttyCalls = dir.resolve("stty-calls");
        Path stty = bin.resolve("stty");
        Files.writeString(stty, "#!/bin/sh\necho \"$*\" >> '" + sttyCalls + "'\n"
                + "echo 'speed 38400 baud; rows 40; columns 132; line = 0;'\n");
        Files.setPosixFilePermissions(stty, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
    }

    /** The widest line as a terminal shows it (on a terminal picocli colours the help: escape codes take no column). */
    private static int widest(String help) {
        return help.lines().map(l -> l.replaceAll("\u001b\\[[0-9;]*m", "")).mapToInt(String::length).max().orElse(0);
    }

    /** {@code verify --help}, as one shell command line given to WRAPPER, followed by WRAPPER_ARGS. */
    private Testenv.Result help(List<String> wrapper, String... wrapperArgs) {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(PackagedApp.executable() + " verify --help");
        cmd.addAll(List.of(wrapperArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().remove("COLUMNS");
        return Testenv.exec(pb, 60); // 60 s: one start of the executable on a loaded machine
    }

    @Test
    void helpToAPipeAsksNoTerminalAndIs80ColumnsWide() throws IOException {
        fakeStty();
        Testenv.Result piped = help(List.of("sh", "-c"));
        assertEquals(0, piped.exitCode(), piped.toString());
        assertTrue(piped.stdout().contains("Usage: kubectl gpu verify"), piped.stdout());
        assertTrue(widest(piped.stdout()) <= 80 && widest(piped.stdout()) > 70, piped.stdout());
        assertFalse(Files.exists(sttyCalls), "stty was run although stdout is a pipe");
    }

    @Test
    void columnsSetsTheWidthWithoutAskingTheTerminal() throws IOException {
        fakeStty();
        env.put("COLUMNS", "120");
        List<String> cmd = List.of(PackagedApp.executable().toString(), "verify", "--help");
        Testenv.Result wide = Testenv.exec(cmd, env, 60); // 60 s: as above
        assertEquals(0, wide.exitCode(), wide.toString());
        assertTrue(widest(wide.stdout()) <= 120 && widest(wide.stdout()) > 100, wide.stdout());
        assertFalse(Files.exists(sttyCalls), "stty was run although COLUMNS says the width");
    }

    @Test
    void helpOnATerminalUsesTheTerminalsWidth() throws IOException {
        fakeStty();
        // script(1) runs the command on a pseudo-terminal: stdin and stdout are a terminal, as for a person
        // (its typescript goes to /dev/null; the terminal's lines end in CR LF)
        Testenv.Result tty = help(List.of("script", "-qec"), "/dev/null");
        tty = new Testenv.Result(tty.exitCode(), tty.stdout().replace("\r\n", "\n"), tty.stderr(), tty.command());
        assertEquals(0, tty.exitCode(), tty.toString());
        assertTrue(Files.exists(sttyCalls), "stty was not asked for the terminal's width:\n" + tty);
        assertTrue(widest(tty.stdout()) <= 132 && widest(tty.stdout()) > 100, tty.stdout());
    }
}
