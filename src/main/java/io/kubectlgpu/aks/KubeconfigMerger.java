package io.kubectlgpu.aks;

import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Merges a cluster's kubeconfig into a kubeconfig file the way {@code az aks get-credentials} does: clusters, users
 * and contexts are added by name; an entry of the same name and the same content is kept; one with other content is
 * refused unless overwriting is asked for; the current context becomes the new one. Everything else in the file
 * (other entries, exec-plugin users such as kubelogin, preferences, extensions) is kept as it is. The file is
 * replaced atomically and left readable by its owner only (0600).
 */
public final class KubeconfigMerger {
    private static final List<String> SECTIONS = List.of("clusters", "users", "contexts");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KubeconfigMerger() {
    }

    /** @param execCommands commands of exec credential plugins the merged users run (e.g. kubelogin) */
    public record Result(Path file, String context, List<String> added, List<String> replaced, List<String> unchanged,
            List<String> execCommands) {
    }

    /** The kubeconfig in use: the first file of KUBECONFIG, else ~/.kube/config. */
    public static Path defaultPath(UnaryOperator<String> env) {
        String k = env.apply("KUBECONFIG");
        if (k != null && !k.isBlank()) {
            for (String p : k.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    return Path.of(p);
                }
            }
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    /** Reads, merges, checks for conflicts, then writes; on a conflict nothing is written. */
    public static Result merge(Path file, String incomingYaml, boolean overwrite) {
        Map<String, Object> incoming = parse(incomingYaml, "the kubeconfig Azure returned");
        Map<String, Object> existing;
        Path target = file;
        try {
            if (Files.isSymbolicLink(file) && Files.exists(file)) {
                target = file.toRealPath(); // keep the link, replace what it points to
            }
            existing = Files.exists(target) ? parse(Files.readString(target, StandardCharsets.UTF_8), target.toString())
                    : new LinkedHashMap<>();
        } catch (IOException e) {
            throw new GpuException(ExitCode.USAGE, "cannot read kubeconfig " + file + ": " + e.getMessage(),
                    "check the file's permissions, or write elsewhere with --file", e);
        }
        Result result = mergeInto(existing, incoming, overwrite, file);
        writeAtomically(target, dump(existing));
        return result;
    }

    /** Merges {@code incoming} into {@code existing} in place; throws before changing anything on a conflict. */
    @SuppressWarnings("unchecked")
    static Result mergeInto(Map<String, Object> existing, Map<String, Object> incoming, boolean overwrite, Path file) {
        List<String> conflicts = new ArrayList<>();
        for (String section : SECTIONS) {
            for (Map<String, Object> entry : entries(incoming, section)) {
                Map<String, Object> old = find(entries(existing, section), name(entry));
                if (old != null && !Objects.equals(old, entry)) {
                    conflicts.add(singular(section) + " \"" + name(entry) + "\"");
                }
            }
        }
        if (!conflicts.isEmpty() && !overwrite) {
            throw GpuException.conditionFailed("kubeconfig " + file + " already has " + String.join(", ", conflicts)
                    + " with other content; the file is unchanged",
                    "re-run with --overwrite-existing to replace " + (conflicts.size() == 1 ? "it" : "them"));
        }
        List<String> added = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> exec = new ArrayList<>();
        existing.putIfAbsent("apiVersion", "v1");
        existing.putIfAbsent("kind", "Config");
        for (String section : SECTIONS) {
            List<Map<String, Object>> list = entries(existing, section);
            existing.put(section, list);
            for (Map<String, Object> entry : entries(incoming, section)) {
                String label = singular(section) + " \"" + name(entry) + "\"";
                Map<String, Object> old = find(list, name(entry));
                if (old == null) {
                    list.add(entry);
                    added.add(label);
                } else if (Objects.equals(old, entry)) {
                    unchanged.add(label);
                } else {
                    list.set(list.indexOf(old), entry);
                    replaced.add(label);
                }
                if (section.equals("users") && entry.get("user") instanceof Map<?, ?> user
                        && user.get("exec") instanceof Map<?, ?> execConfig && execConfig.get("command") != null) {
                    exec.add(execConfig.get("command").toString());
                }
            }
        }
        String context = incoming.get("current-context") instanceof String c && !c.isBlank() ? c
                : entries(incoming, "contexts").stream().map(KubeconfigMerger::name).findFirst().orElse(null);
        if (context == null) {
            throw GpuException.conditionFailed("the kubeconfig Azure returned has no context", null);
        }
        existing.put("current-context", context);
        return new Result(file, context, added, replaced, unchanged, exec);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String yaml, String what) {
        if (yaml == null || yaml.isBlank()) {
            return new LinkedHashMap<>();
        }
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw GpuException.usage(what + " is not valid YAML: " + Text.firstLine(e.getMessage()),
                    "fix it, or write to another file with --file");
        }
        if (doc == null) {
            return new LinkedHashMap<>();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw GpuException.usage(what + " is not a kubeconfig (not a YAML mapping)", "write to another file with --file");
        }
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> config, String section) {
        Object v = config.get(section);
        List<Map<String, Object>> list = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    list.add((Map<String, Object>) m);
                }
            }
        }
        return list;
    }

    private static Map<String, Object> find(List<Map<String, Object>> list, String name) {
        return list.stream().filter(e -> Objects.equals(name(e), name)).findFirst().orElse(null);
    }

    private static String name(Map<String, Object> entry) {
        Object n = entry.get("name");
        return n == null ? null : n.toString();
    }

    private static String singular(String section) {
        return section.substring(0, section.length() - 1);
    }

    static String dump(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options).dump(config);
    }

    /** Writes next to the target with owner-only permissions, then renames over it. */
    static void writeAtomically(Path target, String text) {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = null;
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                Files.setPosixFilePermissions(target, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new GpuException(ExitCode.CONDITION_FAILED, "cannot write kubeconfig " + target + ": " + e.getMessage(),
                    "check the directory's permissions, or write elsewhere with --file", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename already consumed it, or the directory vanished
                }
            }
        }
    }
}
