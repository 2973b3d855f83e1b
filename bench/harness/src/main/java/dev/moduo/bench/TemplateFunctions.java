package dev.moduo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions template.yaml deploys (logical id, jar, handler class), so a function added to the
 * template is noticed by the benchmark: it is measured when {@link Scenarios} knows how to call it, and
 * listed as not measured otherwise.
 */
final class TemplateFunctions {

    /**
     * @param resource the function's logical id in template.yaml (CreateSessionFunction), as the tables name it
     * @param jar      its CodeUri, else the Globals' one (every function shares functions/target/moduo-functions.jar)
     * @param memoryMb the function's MemorySize, else the Globals' one, else Lambda's default (128)
     */
    record Function(String resource, Path jar, String handler, int memoryMb) {

        /** The handler's package, the short name --only and --also take: create for dev.moduo.functions.create.CreateSessionFunction. */
        String shortName() {
            return shortName(handler);
        }

        static String shortName(String handler) {
            String type = handler.split("::")[0];
            String pkg = type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
            return pkg.substring(pkg.lastIndexOf('.') + 1);
        }
    }

    private static final Pattern RESOURCE = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
    private static final Pattern PROPERTY = Pattern.compile("^\\s+(Type|CodeUri|Handler|MemorySize):\\s*(\\S+)\\s*$");
    private static final Pattern GLOBAL_MEMORY = Pattern.compile("^    MemorySize:\\s*(\\d+)\\s*$");
    private static final Pattern GLOBAL_CODE = Pattern.compile("^    CodeUri:\\s*(\\S+)\\s*$");

    private TemplateFunctions() {
    }

    static List<Function> read(Path root) throws IOException {
        List<Function> functions = new ArrayList<>();
        String resource = null;
        String type = null;
        String codeUri = null;
        String handler = null;
        String memory = null;
        int globalMemory = 128;
        String globalCode = null;
        boolean inGlobals = false;
        for (String line : Files.readAllLines(root.resolve("template.yaml"))) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                inGlobals = line.startsWith("Globals:");
            }
            Matcher global = GLOBAL_MEMORY.matcher(line);
            if (inGlobals && global.matches()) {
                globalMemory = Integer.parseInt(global.group(1));
                continue;
            }
            Matcher code = GLOBAL_CODE.matcher(line);
            if (inGlobals && code.matches()) {
                globalCode = code.group(1);
                continue;
            }
            if (inGlobals) {
                continue;
            }
            Matcher name = RESOURCE.matcher(line);
            if (name.matches() || line.startsWith("Outputs:")) {
                add(functions, root, resource, type, codeUri == null ? globalCode : codeUri, handler, memory, globalMemory);
                resource = name.matches() ? name.group(1) : null;
                type = codeUri = handler = memory = null;
                continue;
            }
            Matcher property = PROPERTY.matcher(line);
            if (resource != null && property.matches()) {
                switch (property.group(1)) {
                    case "Type" -> type = type == null ? property.group(2) : type;
                    case "CodeUri" -> codeUri = property.group(2);
                    case "Handler" -> handler = property.group(2);
                    case "MemorySize" -> memory = property.group(2);
                    default -> {
                    }
                }
            }
        }
        add(functions, root, resource, type, codeUri == null ? globalCode : codeUri, handler, memory, globalMemory);
        return functions;
    }

    private static void add(List<Function> functions, Path root, String resource, String type, String codeUri,
                            String handler, String memory, int globalMemory) {
        if (resource != null && "AWS::Serverless::Function".equals(type) && codeUri != null && handler != null) {
            functions.add(new Function(resource, root.resolve(codeUri), handler, memory == null ? globalMemory : Integer.parseInt(memory)));
        }
    }
}
