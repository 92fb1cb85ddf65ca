package dev.jobprocessor.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import dev.jobprocessor.adapters.tracing.Tracing;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runnable jar's entry point: picks a subcommand, reads the configuration, runs until told to stop. */
public final class Main {

    static final int BAD_USAGE = 2;
    static final int FAILED_TO_START = 1;
    private static final String USAGE = "usage: java -jar job-processor.jar [serve|api|worker|migrate|demo|help]";

    private Main() {}

    public static void main(String[] args) {
        int exitCode = run(args, System.getenv(), System.out, System.err);
        flushLogs();
        System.exit(exitCode);
    }

    /** Runs a subcommand to its end and returns the process exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String name = args.length == 0 ? "serve" : args[0];
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            out.println(USAGE);
            return 0;
        }
        if (name.equals("demo")) {
            return new InMemoryDemo(out).run();
        }
        Optional<Command> command = Command.parse(name);
        if (command.isEmpty() || args.length > 1) {
            err.println("job-processor: unknown command '" + String.join(" ", args) + "'; " + USAGE);
            return BAD_USAGE;
        }
        Settings settings;
        try {
            settings = Settings.fromEnvironment(env);
        } catch (ConfigurationException e) {
            err.println("job-processor: " + e.getMessage());
            return BAD_USAGE;
        }
        LogFormats.use(settings.logFormat());
        Tracing tracing;
        try {
            tracing = Tracing.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            err.println("job-processor: " + e.getMessage());
            return BAD_USAGE;
        }
        Service service;
        try {
            service = Service.start(command.get(), settings, tracing);
        } catch (StartRefusedException e) {
            err.println("job-processor: " + e.getMessage());
            return FAILED_TO_START;
        } catch (ConfigurationException e) {
            // A configuration only the started service can check (the schedules file): still one line.
            err.println("job-processor: " + e.getMessage());
            return BAD_USAGE;
        } catch (RuntimeException e) {
            logger().error("could not start", e);
            err.println("job-processor: could not start: " + rootMessage(e));
            return FAILED_TO_START;
        }
        if (command.get() == Command.MIGRATE) {
            service.close();
            return 0;
        }
        return runUntilStopped(service);
    }

    /**
     * SIGTERM (or Ctrl-C) runs the shutdown hook: the service stops in order, then the JVM halts with 0, because
     * a stop the operator asked for is a success, not the 143 a signal would otherwise leave.
     */
    private static int runUntilStopped(Service service) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            flushLogs();
                            Runtime.getRuntime().halt(0);
                        },
                        "shutdown"));
        try {
            service.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static Logger logger() {
        return LoggerFactory.getLogger(Main.class);
    }

    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
