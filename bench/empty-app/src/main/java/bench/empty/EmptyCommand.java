package bench.empty;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** The least a Quarkus + picocli CLI does: parse the arguments, print one line. */
@TopCommand
@Command(name = "empty", mixinStandardHelpOptions = true, description = "Prints one line.")
public class EmptyCommand implements Runnable {
    @Parameters(arity = "0..*")
    List<String> args = new ArrayList<>();

    @Unmatched
    List<String> unmatched = new ArrayList<>();

    @Override
    public void run() {
        System.out.println("Client Version: v0.1.0");
    }
}
