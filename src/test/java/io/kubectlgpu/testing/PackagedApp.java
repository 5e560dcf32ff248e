package io.kubectlgpu.testing;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs the tests of a {@code @QuarkusMainTest} class again against what users install: the native executable when the
 * build made one ({@code mvn -Pnative verify}), else the JVM launcher {@code target/kubectl-gpu}. Each launch is a real
 * process with stdin closed; what a test reads is exactly the process's stdout and stderr.
 *
 * <p>Tests set the application's environment in-process as system properties named like environment variables (the
 * app reads those first, see AzureSettings and the Azure SDK's Configuration); here they become the process's real
 * environment, an empty value removing the variable. The JVM's {@code javax.net.ssl.*} settings (the ARM fake's trust
 * store) are passed as {@code -D} options, which native executables and the launcher's KUBECTL_GPU_JAVA_OPTS accept.
 * Use: {@code @ExtendWith(PackagedApp.class) class FooIT extends FooTest {}}.
 */
public final class PackagedApp implements ParameterResolver {

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

    /** Provides the {@link QuarkusMainLauncher} parameter of the inherited tests. */
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == QuarkusMainLauncher.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return (QuarkusMainLauncher) PackagedApp::launch;
    }

    private static LaunchResult launch(String... args) {
        ProcessBuilder pb = process(List.of(args));
        // no command of the suite runs past its own --timeout (3 min at most); this only stops a hung one hanging the build
        Testenv.Result r = Testenv.exec(pb, 600);
        return new LaunchResult() {
            @Override
            public List<String> getOutputStream() {
                return r.stdout().lines().toList();
            }

            @Override
            public List<String> getErrorStream() {
                return r.stderr().lines().toList();
            }

            @Override
            public String getOutput() {
                return r.stdout();
            }

            @Override
            public String getErrorOutput() {
                return r.stderr();
            }

            @Override
            public int exitCode() {
                return r.exitCode();
            }
        };
    }
}
