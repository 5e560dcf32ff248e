package io.kubectlgpu.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What users install, as a process: the native executable when the build made one ({@code mvn -Pnative verify}),
 * else the JVM launcher {@code target/kubectl-gpu}. For tests that run the executable themselves (kubectl's plugin
 * dispatch, signals, colour on a real stderr, the krew install); the {@code *IT} twins of the in-process tests use
 * {@code @QuarkusMainIntegrationTest}, which launches the same artifact.
 *
 * <p>{@link #process} gives the environment a test set up in-process: system properties named like environment
 * variables become the process's environment (an empty value removes the variable), and the JVM's
 * {@code javax.net.ssl.*} settings are passed as {@code -D} options, which native executables and the launcher's
 * KUBECTL_GPU_JAVA_OPTS accept.
 */
public final class PackagedApp {
    private PackagedApp() {
    }


    /** The packaged executable of this build: native when the last package step built one. */
    public static Path executable() {
        Path target = Path.of(System.getProperty("build.dir", "target")).toAbsolutePath();
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(target.resolve("quarkus-artifact.properties"))) {
            artifact.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("no packaged build in " + target + ": run mvn package (or mvn -Pnative package)", e);
        }
        Path exe = "native".equals(artifact.getProperty("type"))
                ? target.resolve(artifact.getProperty("path"))
                : target.resolve("kubectl-gpu");
        if (!Files.isExecutable(exe)) {
            throw new IllegalStateException(exe + " is not an executable: the package step writes it");
        }
        return exe;
    }

    public static boolean isNative() {
        return !executable().getFileName().toString().equals("kubectl-gpu");
    }

    /**
     * COMMAND, run with SIGINT and SIGTERM at their default action. A process inherits ignored signals, and a build
     * started in the background of a script (`./run-tests &`, nohup) has SIGINT ignored: the command would never see
     * the Ctrl-C a test sends (RunDispatchIT failed only so). coreutils' env resets them, then execs the command.
     */
    public static List<String> withDefaultSignals(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The command line and environment that run the packaged app with ARGS, as a test of this JVM has set it up. */
    public static ProcessBuilder process(List<String> args) {
        Path exe = executable();
        List<String> jvmOptions = new ArrayList<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("javax.net.ssl.")).sorted()
                .forEach(k -> jvmOptions.add("-D" + k + "=" + System.getProperty(k)));
        List<String> command = new ArrayList<>();
        command.add(exe.toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        if (isNative()) {
            command.addAll(jvmOptions);
        } else {
            env.put("JAVA_HOME", System.getProperty("java.home"));
            if (!jvmOptions.isEmpty()) {
                env.put("KUBECTL_GPU_JAVA_OPTS", String.join(" ", jvmOptions));
            }
        }
        command.addAll(args);
        Pattern envName = Pattern.compile("[A-Z][A-Z0-9_]*");
        for (String k : System.getProperties().stringPropertyNames()) {
            if (envName.matcher(k).matches()) {
                String v = System.getProperty(k);
                if (v.isEmpty()) {
                    env.remove(k);
                } else {
                    env.put(k, v);
                }
            }
        }
        return pb.command(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
}
