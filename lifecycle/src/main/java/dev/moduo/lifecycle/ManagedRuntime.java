package dev.moduo.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What Lambda's managed Java runtime puts around a function: {@code /var/runtime/lib} (AWS's runtime interface
 * client and the two libraries it loads from the system class path) and the {@code java} command line.
 *
 * <p>The command line follows what the java17 runtime was seen to run (third-party captures of
 * {@code /proc/self/cmdline}, e.g. a wrapper script's notes "Example Java17 CLI a/o Oct 2023", and the process
 * arguments in aws-observability/aws-otel-java-instrumentation#961, 2024):
 * <pre>
 * /var/lang/bin/java -XX:MaxHeapSize=…k -javaagent:…Log4jHotPatch.jar -XX:+UseSerialGC -Xshare:on
 *   -XX:SharedArchiveFile=/var/lang/lib/server/runtime.jsa -XX:+TieredCompilation -XX:TieredStopAtLevel=1
 *   --add-opens=java.base/java.io=ALL-UNNAMED -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac
 *   -Djava.net.preferIPv4Stack=true -XX:+ErrorFileToStderr
 *   -Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=/var/runtime/lib/jni/….so
 *   -classpath /var/runtime/lib/… com.amazonaws.services.lambda.runtime.api.client.AWSLambda &lt;handler&gt;
 * </pre>
 * Differences, on purpose: no Log4j hot-patch agent (not public; the functions have no Log4j), the JDK's
 * default CDS archive instead of the runtime's own. AWS documents (java-customization) that from Java 25 the
 * runtime still stops tiered compilation at C1 by default <em>except</em> with SnapStart or provisioned
 * concurrency, where the JVM's defaults apply: so the SnapStart shape gets no tiered-compilation flags.
 * The heap is 85% of the memory size: the java11 capture (DataDog/datadog-lambda-extension#117) has
 * {@code -XX:MaxHeapSize=222823k} at 256 MB, which is 85% exactly; java17/25 keeping that ratio is assumed.
 */
public final class ManagedRuntime {

    /** The runtime interface client's entry point; its only argument is the handler. */
    public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Where the client looks for its JNI library before unpacking its own copy to a fixed path in /tmp. */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    static final String CRAC_COMPAT = "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac";
    static final double HEAP_SHARE = 0.85;

    private static ManagedRuntime unpacked;

    private final Path directory;
    private final List<Path> classPath;
    private final Path jni;

    private ManagedRuntime(Path directory, List<Path> classPath, Path jni) {
        this.directory = directory;
        this.classPath = List.copyOf(classPath);
        this.jni = jni;
    }

    /**
     * The runtime's jars, unpacked once per JVM into a directory of its own. The JNI library is unpacked next
     * to them and named on the command line, as the managed runtime does: otherwise every client would copy its
     * own over the shared {@code /tmp/.libaws-lambda-jni.so} while another loads it.
     */
    public static synchronized ManagedRuntime unpacked() {
        if (unpacked == null) {
            try {
                Path directory = Files.createTempDirectory("moduo-lambda-runtime");
                unpacked = unpackInto(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpack the Lambda runtime's jars", e);
            }
        }
        return unpacked;
    }

    static ManagedRuntime unpackInto(Path directory) throws IOException {
        Properties index = new Properties();
        try (InputStream in = ManagedRuntime.class.getResourceAsStream("runtime.properties")) {
            if (in == null) {
                throw new IllegalStateException("runtime.properties is missing: the lifecycle module was not built by Maven");
            }
            index.load(in);
        }
        List<Path> jars = new ArrayList<>();
        for (String name : Arrays.stream(index.getProperty("jars").split(",")).map(String::trim).toList()) {
            Path jar = directory.resolve(name);
            try (InputStream in = ManagedRuntime.class.getResourceAsStream("runtime/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("runtime/" + name + " is missing from the lifecycle module's resources");
                }
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            jars.add(jar);
        }
        Path jni = directory.resolve("jni").resolve(jniName());
        Files.createDirectories(jni.getParent());
        try (ZipFile client = new ZipFile(jars.get(0).toFile())) {
            ZipEntry entry = client.getEntry("jni/" + jniName());
            if (entry == null) {
                throw new IllegalStateException(jars.get(0).getFileName() + " has no jni/" + jniName());
            }
            try (InputStream in = client.getInputStream(entry)) {
                Files.copy(in, jni, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new ManagedRuntime(directory, jars, jni);
    }

    private static String jniName() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return arch.equals("aarch64") || arch.equals("arm64")
                ? "libaws-lambda-jni.linux-aarch_64.so" : "libaws-lambda-jni.linux-x86_64.so";
    }

    /** {@code LAMBDA_RUNTIME_DIR}. */
    public Path directory() {
        return directory;
    }

    public List<Path> classPath() {
        return classPath;
    }

    /** The JVM options the runtime passes, for this shape and memory size, without the class path and main class. */
    public List<String> jvmOptions(Shape shape, int memoryMb) {
        List<String> options = new ArrayList<>();
        options.add("-XX:MaxHeapSize=" + (long) (memoryMb * 1024L * HEAP_SHARE) + "k");
        options.add("-XX:+UseSerialGC");
        if (shape == Shape.ON_DEMAND) {
            options.add("-XX:+TieredCompilation");
            options.add("-XX:TieredStopAtLevel=1");
        }
        options.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        options.add(CRAC_COMPAT);
        options.add("-Djava.net.preferIPv4Stack=true");
        options.add("-XX:+ErrorFileToStderr");
        options.add("-D" + JNI_PROPERTY + "=" + jni);
        return options;
    }

    /**
     * The whole command: {@code java} of the JDK running this code (the build's JDK 25 stands in for
     * {@code /var/lang/bin/java}), the runtime's options, {@code extra} (diagnostics only), the runtime's
     * class path, the client's main class and the handler.
     */
    public List<String> command(Shape shape, int memoryMb, String handler, List<String> extra) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(shape, memoryMb));
        command.addAll(extra);
        command.add("-classpath");
        command.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(MAIN_CLASS);
        command.add(handler);
        return command;
    }
}
