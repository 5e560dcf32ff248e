package io.kubectlgpu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Every command's help at 80 and at 140 columns: no token (a flag, a value list, a word) split across
 * lines, no line wider than the terminal, and every example on one line of its own, its comment included.
 */
class HelpLayoutTest {
    /** An option's first line: "  -n, --name" or "      --name" (picocli's short-option and long-option columns). */
    private static final Pattern OPTION_ROW = Pattern.compile("  -[^-\\s]|      --\\S");

    private static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>(List.of(cl));
        cl.getSubcommands().values().stream().distinct().forEach(sub -> out.addAll(all(sub)));
        return out;
    }

    private static String render(CommandLine cl, int width) {
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(width);
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static Set<String> tokens(String text) {
        return new LinkedHashSet<>(Arrays.asList(text.trim().split("\\s+")));
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 140})
    void noTokenIsSplitAndEveryExampleKeepsItsLine(int width) {
        List<String> problems = new ArrayList<>();
        for (CommandLine cl : all(HelpLayout.apply(new CommandLine(new GpuCommand())))) {
            String name = cl.getCommandSpec().qualifiedName();
            String help = render(cl, width);
            // nothing wraps at 10,000 columns: every token there is whole
            Set<String> whole = tokens(render(cl, 10_000));
            for (String line : help.split("\n")) {
                if (line.length() > width && line.strip().contains(" ")) { // a single word longer than the line stays whole
                    problems.add(name + ": line wider than " + width + ": " + line);
                }
                for (String token : tokens(line)) {
                    if (!token.isEmpty() && !whole.contains(token)) {
                        problems.add(name + ": token split across lines: '" + token + "' in: " + line);
                    }
                }
            }
            Set<String> lines = Set.copyOf(Stream.of(help.split("\n")).map(String::stripTrailing).toList());
            for (String example : examples(cl.getCommandSpec())) {
                if (!lines.contains(example.stripTrailing())) {
                    problems.add(name + ": example not on one line of its own: " + example);
                }
            }
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 140})
    void proseUsesTheWidth(int width) {
        // verify's description is one paragraph: at 140 columns it takes fewer lines than at 80
        CommandLine verify = HelpLayout.apply(new CommandLine(new GpuCommand())).getSubcommands().get("verify");
        String at80 = render(verify, 80);
        String atWidth = render(verify, width);
        assertTrue(width == 80 || atWidth.lines().count() < at80.lines().count(), atWidth);
    }

    @org.junit.jupiter.api.Test
    void groupsOfferNoVersionFlagAndVerifySaysWhatItsNamespaceIs() {
        CommandLine root = HelpLayout.apply(new CommandLine(new GpuCommand()));
        CommandLine aks = root.getSubcommands().get("aks");
        for (CommandLine group : List.of(aks, aks.getSubcommands().get("nodepool"), aks.getSubcommands().get("feature"))) {
            String help = render(group, 80);
            assertTrue(!help.contains("--version") && help.contains("-h, --help"), help);
        }
        String verify = render(root.getSubcommands().get("verify"), 200);
        assertTrue(verify.contains("-n, --namespace=NAMESPACE") && verify.contains("Where --probe runs its pods"), verify);
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 140})
    void everyOptionDescriptionContinuesInTheDescriptionColumn(int width) {
        // an option whose names fill their column exactly (verify's "-n, --namespace=NAMESPACE") has one space
        // before its description; its continuation lines still start where every other description starts
        List<String> problems = new ArrayList<>();
        for (CommandLine cl : all(HelpLayout.apply(new CommandLine(new GpuCommand())))) {
            cl.setUsageHelpAutoWidth(false);
            cl.setUsageHelpWidth(width);
            CommandLine.Help help = cl.getHelpFactory().create(cl.getCommandSpec(),
                    CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            String options = cl.getHelpSectionMap().get(UsageMessageSpec.SECTION_KEY_OPTION_LIST).render(help);
            Set<Integer> continuationIndents = new LinkedHashSet<>();
            for (String line : options.split("\n")) {
                if (!line.isBlank() && !OPTION_ROW.matcher(line).lookingAt()) {
                    continuationIndents.add(line.length() - line.stripLeading().length());
                }
            }
            if (continuationIndents.size() > 1) {
                problems.add(cl.getCommandSpec().qualifiedName() + ": continuation lines at columns "
                        + continuationIndents + ":\n" + options);
            }
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @org.junit.jupiter.api.Test
    void columnsSetsTheWidthWhenItIsOne() {
        assertEquals(132, HelpLayout.columnsWidth("132"));
        assertEquals(-1, HelpLayout.columnsWidth(null));
        assertEquals(-1, HelpLayout.columnsWidth(""));
        assertEquals(-1, HelpLayout.columnsWidth("wide"));
        assertEquals(-1, HelpLayout.columnsWidth("20")); // narrower than picocli's minimum
    }

    /** The description lines that are examples: "  kubectl gpu ..." and their comments. */
    private static List<String> examples(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (String s : spec.usageMessage().description()) {
            for (String line : s.split("%n|\n")) {
                if (line.startsWith("  kubectl gpu ") || line.startsWith("  kubectl-gpu ")) {
                    out.add(line);
                }
            }
        }
        return out;
    }
}
