package dev.jobprocessor.verification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real runnable jar in a separate operating-system process, configured by environment variables as an operator
 * would, with its output kept in a log file under {@code target/verification}.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("jobs.jar", "../bootstrap/target/job-processor.jar"));
    static final Path WORK = Path.of(System.getProperty("jobs.verification.dir", "target/verification"));

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code java -jar job-processor.jar <command>} with {@code environment} on top of a clean one. */
    static ServiceProcess start(String name, String command, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("the runnable jar is missing at " + JAR.toAbsolutePath()
                    + "; build it first (the verification profile builds bootstrap before this module)");
        }
        try {
            Files.createDirectories(WORK);
            Path log = WORK.resolve(name + ".log");
            int port = Integer.parseInt(environment.getOrDefault("JOBS_HTTP_PORT", "0"));
            List<String> commandLine =
                    new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-jar", JAR.toString(), command));
            ProcessBuilder builder = new ProcessBuilder(commandLine)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(key -> key.startsWith("JOBS_"));
            builder.environment().putAll(environment);
            return new ServiceProcess(name, builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no goodbye; exactly a crash. */
    void kill9() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM, as an orchestrator stopping the process; returns the exit code. */
    int terminate(Duration timeout) {
        process.destroy();
        return waitFor(timeout);
    }

    int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not exit within " + timeout + "; log: " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }

    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
