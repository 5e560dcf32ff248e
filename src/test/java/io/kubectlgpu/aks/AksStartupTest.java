package io.kubectlgpu.aks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Help, validation and dry runs of the aks commands must not load the Azure SDK: 'kubectl gpu --help' start-up time is
 * benchmarked, and nothing Azure should happen before a command talks to Azure. The commands run in a fresh class
 * loader over the test class path, which records every class it defines.
 */
class AksStartupTest {

    static final class RecordingLoader extends URLClassLoader {
        final Set<String> defined = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> c = super.findClass(name);
            defined.add(name);
            return c;
        }
    }

    @Test
    void helpValidationAndDryRunLoadNothingOfTheAzureSdk() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (RecordingLoader loader = new RecordingLoader(urls.toArray(URL[]::new))) {
            Class<?> commandLine = loader.loadClass("picocli.CommandLine");
            Object cli = commandLine.getConstructor(Object.class).newInstance(loader.loadClass("io.kubectlgpu.cli.aks.AksCommand"));
            StringWriter out = new StringWriter();
            commandLine.getMethod("setOut", PrintWriter.class).invoke(cli, new PrintWriter(out));
            commandLine.getMethod("setErr", PrintWriter.class).invoke(cli, new PrintWriter(out));
            var execute = commandLine.getMethod("execute", String[].class);

            assertEquals(0, execute.invoke(cli, (Object) new String[] {"create", "--help"}), out.toString());
            assertEquals(0, execute.invoke(cli, (Object) new String[] {"create", "-g", "rg", "-n", "c", "-l", "westeurope",
                    "--dry-run", "--subscription", AksArmFake.SUBSCRIPTION}), out.toString());
            assertTrue(out.toString().contains("managedClusters/c?api-version="), out.toString());
            execute.invoke(cli, (Object) new String[] {"nodepool", "add", "--cluster", "c", "-g", "rg", "--name", "gpu",
                    "--node-vm-size", "Standard_NC6"});
            assertTrue(loader.defined.contains("io.kubectlgpu.aks.GpuPoolSpec"), "the commands really ran in this loader");

            List<String> azure = loader.defined.stream()
                    .filter(n -> n.startsWith("com.azure.") || n.startsWith("com.microsoft.aad.") || n.startsWith("reactor."))
                    .sorted().toList();
            assertEquals(List.of(), azure, "classes of the Azure SDK loaded without talking to Azure");
        }
    }
}
