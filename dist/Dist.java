/*
 * Release tooling of kubectl-gpu: builds the krew archives, renders the krew manifest from
 * krew/gpu.yaml.tmpl and checks a manifest against its archives. A single-file program for the
 * JDK's source launcher (Java 25), without dependencies, so that every release runner (Linux,
 * macOS, Windows) runs the same code and produces byte-identical archives for identical input.
 *
 *   java dist/Dist.java archive --os OS --arch ARCH --version VERSION --exe FILE [--app DIR]
 *                               [--license FILE] [--out DIR]
 *       kubectl-gpu-VERSION-OS-ARCH.tar.gz (.zip on windows) with the executable as kubectl-gpu
 *       (kubectl-gpu.exe), LICENSE and, for the JVM distribution, DIR as quarkus-app/ without its
 *       JDK AOT cache (*.aot: valid only for the JDK build and the file times of this build, which
 *       krew does not keep when it unpacks); plus ARCHIVE.sha256.
 *   java dist/Dist.java manifest --version VERSION [--template FILE] [--repo OWNER/NAME]
 *                                [--base-url URL] [--require-all] --out FILE ARCHIVE...
 *       the krew manifest with one platform per archive (uri and sha256 from the archive itself);
 *       --require-all fails unless every platform of a release has its archive.
 *   java dist/Dist.java check --manifest FILE ARCHIVE...
 *       fails unless every platform of the manifest has its archive among ARCHIVE, with the same
 *       lowercase sha256, a LICENSE file and the executable named by `bin`.
 *
 * The repository in the download URLs: --repo, else $KUBECTL_GPU_REPO, else kubectl-gpu/kubectl-gpu.
 * File times in the archives: $SOURCE_DATE_EPOCH, else 1980-01-01.
 */

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

static final String NAME = "kubectl-gpu";
static final String DEFAULT_REPO = "kubectl-gpu/kubectl-gpu";
/** The platforms of a release, in manifest order. */
static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64");
static final Pattern ARCHIVE_NAME = Pattern.compile(
        Pattern.quote(NAME) + "-(?<version>\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?)-(?<os>[a-z]+)-(?<arch>[a-z0-9]+)\\.(?<ext>tar\\.gz|zip)");
static final Pattern VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?");
static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+");
static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

/** Thrown for a wrong input or a failed check: one line on stderr, exit code 1. */
static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
        super(message);
    }
}

void main(String[] args) {
    try {
        if (args.length == 0) {
            throw new Failure("usage: java dist/Dist.java archive|manifest|check ... (see the top of dist/Dist.java)");
        }
        Options options = Options.parse(args);
        switch (args[0]) {
            case "archive" -> archive(options);
            case "manifest" -> manifest(options);
            case "check" -> check(options);
            default -> throw new Failure("unknown command " + args[0] + ": archive, manifest or check");
        }
    } catch (Failure e) {
        System.err.println("dist: " + e.getMessage());
        System.exit(1);
    } catch (IOException e) {
        System.err.println("dist: " + e);
        System.exit(1);
    }
}

// ---- archive ----------------------------------------------------------------------------------

void archive(Options o) throws IOException {
    String os = o.required("os");
    String arch = o.required("arch");
    if (!PLATFORMS.contains(os + "/" + arch)) {
        throw new Failure("unsupported platform " + os + "/" + arch + ": one of " + PLATFORMS);
    }
    String version = plainVersion(o.required("version"));
    Path exe = existingFile(o.required("exe"));
    Path license = existingFile(o.value("license", "LICENSE"));
    Path out = Path.of(o.value("out", "target/dist"));
    boolean windows = os.equals("windows");

    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(windows ? NAME + ".exe" : NAME, exe, true));
    entries.add(new Entry("LICENSE", license, false));
    if (o.has("app")) {
        Path app = Path.of(o.value("app", null));
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new Failure(app + " is not a Quarkus fast-jar directory (no quarkus-run.jar)");
        }
        try (Stream<Path> walk = Files.walk(app)) {
            for (Path p : walk.sorted().toList()) {
                String rel = app.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    throw new Failure("symbolic links cannot be archived for krew: " + p);
                }
                if (rel.endsWith(".aot") || rel.endsWith(".aot.config")) {
                    continue;
                }
                String name = rel.isEmpty() ? "quarkus-app" : "quarkus-app/" + rel;
                entries.add(Files.isDirectory(p) ? Entry.dir(name) : new Entry(name, p, false));
            }
        }
    }

    Files.createDirectories(out);
    Path archive = out.resolve(NAME + "-" + version + "-" + os + "-" + arch + (windows ? ".zip" : ".tar.gz"));
    Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
    try (OutputStream file = Files.newOutputStream(tmp)) {
        if (windows) {
            writeZip(file, entries);
        } else {
            writeTarGz(file, entries);
        }
    }
    Files.move(tmp, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String sha = sha256(archive);
    Files.writeString(archive.resolveSibling(archive.getFileName() + ".sha256"), sha + "  " + archive.getFileName() + "\n");
    System.out.println(archive + " " + sha);
}

record Entry(String name, Path source, boolean executable) {
    static Entry dir(String name) {
        return new Entry(name + "/", null, true);
    }

    boolean isDir() {
        return source == null;
    }
}

static long epochSeconds() {
    String env = System.getenv("SOURCE_DATE_EPOCH");
    return env == null || env.isBlank() ? 315532800L : Long.parseLong(env.trim());
}

static void writeTarGz(OutputStream file, List<Entry> entries) throws IOException {
    long mtime = epochSeconds();
    try (GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16)) {
        for (Entry e : entries) {
            byte[] data = e.isDir() ? new byte[0] : Files.readAllBytes(e.source());
            gz.write(tarHeader(e.name(), e.isDir() ? 0755 : e.executable() ? 0755 : 0644, data.length, mtime, e.isDir() ? '5' : '0'));
            gz.write(data);
            gz.write(new byte[(512 - data.length % 512) % 512]);
        }
        gz.write(new byte[1024]);
    }
}

/** A POSIX ustar header; names over 100 bytes are split into prefix and name at a '/'. */
static byte[] tarHeader(String path, int mode, long size, long mtime, char type) {
    byte[] h = new byte[512];
    byte[] full = path.getBytes(StandardCharsets.UTF_8);
    String name = path;
    String prefix = "";
    if (full.length > 100) {
        int cut = path.lastIndexOf('/', path.endsWith("/") ? path.length() - 2 : path.length() - 1);
        while (cut > 0 && (cut > 155 || path.substring(cut + 1).getBytes(StandardCharsets.UTF_8).length > 100)) {
            cut = path.lastIndexOf('/', cut - 1);
        }
        if (cut <= 0 || cut > 155) {
            throw new Failure("path too long for a tar archive: " + path);
        }
        prefix = path.substring(0, cut);
        name = path.substring(cut + 1);
    }
    put(h, 0, 100, name);
    putOctal(h, 100, 8, mode);
    putOctal(h, 108, 8, 0);
    putOctal(h, 116, 8, 0);
    putOctal(h, 124, 12, size);
    putOctal(h, 136, 12, mtime);
    h[156] = (byte) type;
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 265, 32, "root");
    put(h, 297, 32, "root");
    put(h, 345, 155, prefix);
    for (int i = 148; i < 156; i++) {
        h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
        sum += b & 0xff;
    }
    putOctal(h, 148, 7, sum);
    return h;
}

static void put(byte[] h, int off, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > len) {
        throw new Failure("tar header field too long: " + s);
    }
    System.arraycopy(b, 0, h, off, b.length);
}

static void putOctal(byte[] h, int off, int len, long v) {
    String s = Long.toOctalString(v);
    put(h, off, len, "0".repeat(Math.max(0, len - 1 - s.length())) + s);
}

static void writeZip(OutputStream file, List<Entry> entries) throws IOException {
    FileTime time = FileTime.fromMillis(epochSeconds() * 1000);
    try (ZipOutputStream zip = new ZipOutputStream(file)) {
        for (Entry e : entries) {
            ZipEntry z = new ZipEntry(e.name());
            z.setLastModifiedTime(time);
            zip.putNextEntry(z);
            if (!e.isDir()) {
                Files.copy(e.source(), zip);
            }
            zip.closeEntry();
        }
    }
}

// ---- manifest ---------------------------------------------------------------------------------

void manifest(Options o) throws IOException {
    String version = plainVersion(o.required("version"));
    String repo = o.value("repo", System.getenv().getOrDefault("KUBECTL_GPU_REPO", DEFAULT_REPO));
    if (!REPO.matcher(repo).matches()) {
        throw new Failure("--repo (or KUBECTL_GPU_REPO) must be OWNER/NAME of a GitHub repository, not " + repo);
    }
    String baseUrl = o.value("base-url", "https://github.com/" + repo + "/releases/download/v" + version);
    Path template = existingFile(o.value("template", "krew/gpu.yaml.tmpl"));
    Path out = Path.of(o.required("out"));
    if (o.positional().isEmpty()) {
        throw new Failure("no archive given: the manifest needs at least one platform");
    }

    Map<String, Path> byPlatform = new LinkedHashMap<>();
    for (String a : o.positional()) {
        Path archive = existingFile(a);
        ArchiveName n = ArchiveName.of(archive);
        if (!n.version().equals(version)) {
            throw new Failure(archive.getFileName() + " is version " + n.version() + ", not " + version);
        }
        if (byPlatform.put(n.platform(), archive) != null) {
            throw new Failure("two archives for " + n.platform());
        }
    }
    if (o.has("require-all")) {
        List<String> missing = PLATFORMS.stream().filter(p -> !byPlatform.containsKey(p)).toList();
        if (!missing.isEmpty()) {
            throw new Failure("a release needs an archive for every platform, missing: " + String.join(", ", missing));
        }
    }

    String text = Files.readString(template);
    String begin = "# begin platform\n";
    String end = "# end platform\n";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
        throw new Failure(template + " has no '# begin platform' ... '# end platform' block");
    }
    int blockStart = text.lastIndexOf('\n', b) + 1;
    int blockEnd = e + end.length();
    String block = text.substring(b + begin.length(), text.lastIndexOf('\n', e) + 1);

    StringBuilder platforms = new StringBuilder();
    for (String platform : PLATFORMS) {
        Path archive = byPlatform.get(platform);
        if (archive == null) {
            continue;
        }
        String[] osArch = platform.split("/");
        platforms.append(fill(block, Map.of(
                "os", osArch[0],
                "arch", osArch[1],
                "uri", baseUrl + "/" + archive.getFileName(),
                "sha256", sha256(archive),
                "bin", osArch[0].equals("windows") ? NAME + ".exe" : NAME)));
    }
    String rendered = fill(text.substring(0, blockStart), Map.of("version", "v" + version, "repo", repo)) + platforms
            + fill(text.substring(blockEnd), Map.of("version", "v" + version, "repo", repo));
    // lines starting with ## document the template and are left out
    rendered = rendered.lines().filter(l -> !l.strip().startsWith("##")).collect(Collectors.joining("\n", "", "\n"));
    Matcher left = Pattern.compile("\\{\\{\\w*}}").matcher(rendered);
    if (left.find()) {
        throw new Failure(template + " has an unknown placeholder " + left.group());
    }
    if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
    }
    Files.writeString(out, rendered);
    System.out.println(out + " (" + byPlatform.size() + " platform" + (byPlatform.size() == 1 ? "" : "s") + ")");
}

static String fill(String text, Map<String, String> values) {
    Matcher m = Pattern.compile("\\{\\{(\\w+)}}").matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
        String value = values.get(m.group(1));
        if (value == null) {
            continue;
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
}

// ---- check ------------------------------------------------------------------------------------

void check(Options o) throws IOException {
    Path manifestFile = existingFile(o.required("manifest"));
    Map<String, Path> archives = new LinkedHashMap<>();
    for (String a : o.positional()) {
        Path p = existingFile(a);
        archives.put(p.getFileName().toString(), p);
    }
    Manifest manifest = Manifest.parse(Files.readString(manifestFile));
    List<String> problems = new ArrayList<>();
    if (manifest.platforms().isEmpty()) {
        problems.add("no platform in the manifest");
    }
    if (!VERSION.matcher(manifest.version()).matches() || !manifest.version().startsWith("v")) {
        problems.add("spec.version " + manifest.version() + " is not a semantic version with a leading v");
    }
    if (Files.readString(manifestFile).contains("{{")) {
        problems.add("a {{placeholder}} of the template was not filled in");
    }
    for (Platform p : manifest.platforms()) {
        String where = p.os() + "/" + p.arch();
        if (p.uri() == null || p.sha256() == null || p.bin() == null) {
            problems.add(where + ": uri, sha256 and bin are all required");
            continue;
        }
        if (!SHA256.matcher(p.sha256()).matches()) {
            problems.add(where + ": sha256 " + p.sha256() + " is not 64 lowercase hex digits");
        }
        String file = p.uri().substring(p.uri().lastIndexOf('/') + 1);
        Path archive = archives.get(file);
        if (archive == null) {
            problems.add(where + ": the archive " + file + " of its uri was not given");
            continue;
        }
        ArchiveName n;
        try {
            n = ArchiveName.of(archive);
        } catch (Failure f) {
            problems.add(where + ": " + f.getMessage());
            continue;
        }
        if (!n.platform().equals(where)) {
            problems.add(where + ": its uri names the archive of " + n.platform());
        }
        if (!("v" + n.version()).equals(manifest.version())) {
            problems.add(where + ": the archive is version " + n.version() + ", the manifest " + manifest.version());
        }
        String actual = sha256(archive);
        if (!actual.equals(p.sha256())) {
            problems.add(where + ": sha256 " + p.sha256() + " does not match " + file + " (" + actual + ")");
        }
        String expectedBin = p.os().equals("windows") ? NAME + ".exe" : NAME;
        if (!p.bin().equals(expectedBin)) {
            problems.add(where + ": bin is " + p.bin() + ", expected " + expectedBin);
        }
        Map<String, Integer> files = listArchive(archive);
        if (!files.containsKey("LICENSE")) {
            problems.add(where + ": " + file + " has no LICENSE file at its top level");
        }
        Integer mode = files.get(p.bin());
        if (mode == null) {
            problems.add(where + ": " + file + " has no " + p.bin() + " at its top level");
        } else if (!p.os().equals("windows") && (mode & 0111) == 0) {
            problems.add(where + ": " + p.bin() + " in " + file + " is not executable");
        }
        boolean jvm = files.keySet().stream().anyMatch(f -> f.startsWith("quarkus-app/"));
        if (jvm && !files.containsKey("quarkus-app/quarkus-run.jar")) {
            problems.add(where + ": " + file + " has a quarkus-app/ without quarkus-run.jar");
        }
    }
    if (!problems.isEmpty()) {
        throw new Failure(manifestFile + " is not releasable:\n  " + String.join("\n  ", problems));
    }
    System.out.println(manifestFile + ": " + manifest.platforms().size() + " platform(s), every sha256 matches and every archive has LICENSE and "
            + NAME);
}

record Platform(String os, String arch, String uri, String sha256, String bin) {
}

record Manifest(String version, List<Platform> platforms) {
    /** Reads the fields the check needs from a manifest laid out like krew/gpu.yaml.tmpl. */
    static Manifest parse(String yaml) {
        String version = "";
        List<Map<String, String>> items = new ArrayList<>();
        boolean inPlatforms = false;
        for (String raw : yaml.lines().toList()) {
            String line = raw.replaceFirst("\\s+#.*$", "");
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (t.equals("platforms:")) {
                inPlatforms = true;
                continue;
            }
            if (inPlatforms && indent <= 2 && !t.startsWith("-")) {
                inPlatforms = false;
            }
            if (!inPlatforms) {
                if (t.startsWith("version:") && indent == 2) {
                    version = unquote(t.substring("version:".length()));
                }
                continue;
            }
            if (t.startsWith("- ")) {
                items.add(new LinkedHashMap<>());
                t = t.substring(2).strip();
            }
            int colon = t.indexOf(':');
            if (colon > 0 && !items.isEmpty()) {
                items.getLast().put(t.substring(0, colon).strip(), unquote(t.substring(colon + 1)));
            }
        }
        List<Platform> platforms = items.stream()
                .map(m -> new Platform(m.get("os"), m.get("arch"), m.get("uri"), m.get("sha256"), m.get("bin")))
                .toList();
        return new Manifest(version, platforms);
    }

    static String unquote(String s) {
        s = s.strip();
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            s = s.substring(1, s.length() - 1);
        }
        return s.isEmpty() ? null : s;
    }
}

/** Regular files of an archive (names without a leading ./) with their permission bits. */
static Map<String, Integer> listArchive(Path archive) throws IOException {
    Map<String, Integer> files = new LinkedHashMap<>();
    if (archive.getFileName().toString().endsWith(".zip")) {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    files.put(e.getName().replaceFirst("^\\./", ""), 0644);
                }
            }
        }
        return files;
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
        String longName = null;
        while (true) {
            byte[] h = in.readNBytes(512);
            if (h.length < 512 || isZero(h)) {
                break;
            }
            String name = field(h, 0, 100);
            String prefix = field(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(field(h, 124, 12).isEmpty() ? "0" : field(h, 124, 12), 8);
            int mode = Integer.parseInt(field(h, 100, 8).isEmpty() ? "0" : field(h, 100, 8), 8);
            char type = (char) h[156];
            byte[] data = in.readNBytes((int) size);
            in.skipNBytes((512 - size % 512) % 512);
            switch (type) {
                case 'L' -> longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                case 'x' -> {
                    Matcher m = Pattern.compile("\\d+ path=([^\n]*)\n").matcher(new String(data, StandardCharsets.UTF_8));
                    longName = m.find() ? m.group(1) : longName;
                }
                case '0', '\0' -> {
                    files.put((longName != null ? longName : name).replaceFirst("^\\./", ""), mode);
                    longName = null;
                }
                default -> longName = null;
            }
        }
    }
    return files;
}

static boolean isZero(byte[] b) {
    for (byte x : b) {
        if (x != 0) {
            return false;
        }
    }
    return true;
}

static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
        end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8).strip();
}

// ---- shared -----------------------------------------------------------------------------------

record ArchiveName(String version, String os, String arch) {
    static ArchiveName of(Path archive) {
        Matcher m = ARCHIVE_NAME.matcher(archive.getFileName().toString());
        if (!m.matches()) {
            throw new Failure(archive.getFileName() + " is not named " + NAME + "-VERSION-OS-ARCH.tar.gz (.zip on windows)");
        }
        ArchiveName n = new ArchiveName(m.group("version"), m.group("os"), m.group("arch"));
        if (!PLATFORMS.contains(n.platform())) {
            throw new Failure(archive.getFileName() + ": unsupported platform " + n.platform());
        }
        if (m.group("ext").equals("zip") != n.os().equals("windows")) {
            throw new Failure(archive.getFileName() + ": windows archives are .zip, the others .tar.gz");
        }
        return n;
    }

    String platform() {
        return os + "/" + arch;
    }
}

static String plainVersion(String v) {
    if (!VERSION.matcher(v).matches()) {
        throw new Failure("version " + v + " is not MAJOR.MINOR.PATCH[-PRERELEASE]");
    }
    return v.startsWith("v") ? v.substring(1) : v;
}

static Path existingFile(String name) {
    Path p = Path.of(name);
    if (!Files.isRegularFile(p)) {
        throw new Failure(name + " does not exist or is not a file");
    }
    return p;
}

static String sha256(Path file) throws IOException {
    try {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
    }
}

/** --name value and --flag options after the command, and positional arguments. */
record Options(Map<String, String> named, List<String> positional) {
    static final List<String> FLAGS = List.of("require-all");

    static Options parse(String[] args) {
        Map<String, String> named = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String key = a.substring(2);
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    named.put(key.substring(0, eq), key.substring(eq + 1));
                } else if (FLAGS.contains(key)) {
                    named.put(key, "true");
                } else if (i + 1 < args.length) {
                    named.put(key, args[++i]);
                } else {
                    throw new Failure(a + " needs a value");
                }
            } else {
                positional.add(a);
            }
        }
        return new Options(named, positional);
    }

    boolean has(String key) {
        return named.containsKey(key);
    }

    String value(String key, String fallback) {
        return named.getOrDefault(key, fallback);
    }

    String required(String key) {
        String v = named.get(key);
        if (v == null || v.isBlank()) {
            throw new Failure("--" + key + " is required");
        }
        return v;
    }
}
