package dev.jobprocessor.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running one of this jar's main classes, spoken to in lines: a worker or a producer in another process,
 * as deployments run them, so that what crosses between processes is measured and not a method call.
 */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;

    private ChildProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static ChildProcess start(Class<?> mainClass, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = Path.of(ChildProcess.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m", "-cp", classPath));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildProcess(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    /** The next line the child prints; fails if it ends first. */
    String readLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the child process ended (exit " + exitCode() + ")");
        }
        return line;
    }

    void send(String line) {
        in.println(line);
    }

    private String exitCode() {
        try {
            return Integer.toString(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Ends its input, which asks it to finish, and waits up to 10 s before killing it. */
    @Override
    public void close() throws IOException {
        in.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the child process ended", e);
        }
    }
}
