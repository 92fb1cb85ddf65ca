package dev.jobprocessor.bootstrap;

import java.io.PrintStream;

/** The runnable jar's entry point: picks a subcommand and runs it. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int exitCode = run(args, System.out, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "demo" : args[0];
        return switch (command) {
            case "demo" -> new InMemoryDemo(out).run();
            case "help", "--help", "-h" -> {
                out.println(usage());
                yield 0;
            }
            default -> {
                err.println("job-processor: unknown command '" + command + "'. " + usage());
                yield 2;
            }
        };
    }

    private static String usage() {
        return "Usage: java -jar job-processor.jar [demo|help]";
    }
}
