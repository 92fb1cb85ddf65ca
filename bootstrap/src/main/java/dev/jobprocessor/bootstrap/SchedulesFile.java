package dev.jobprocessor.bootstrap;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jobprocessor.adapters.http.ScheduleJson;
import dev.jobprocessor.application.ManageSchedules;
import dev.jobprocessor.application.port.ScheduleRepository.Saved;
import dev.jobprocessor.domain.DomainException;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.schedule.ScheduleRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The schedules named by {@code JOBS_SCHEDULES_FILE} (docs/SCHEDULES.md, "Schedules in a file"): a JSON or YAML
 * document {@code {"schedules": [...]}}, each entry in the shape of {@code POST /schedules}. Applied at start as
 * {@code PUT} applies them: created, replaced, or left alone when unchanged, so every process may apply it and a
 * restart changes nothing. Schedules the file does not name are left alone. A file that cannot be read, or any entry
 * that would be refused, stops the start with one line naming the file and every problem; nothing of it is applied.
 */
final class SchedulesFile {

    private final Path path;
    private final List<ScheduleRequest> schedules;

    private SchedulesFile(Path path, List<ScheduleRequest> schedules) {
        this.path = path;
        this.schedules = schedules;
    }

    /** Reads and checks the shape of every entry; a {@link ConfigurationException} when the file will not do. */
    static SchedulesFile read(Path path) {
        JsonNode document;
        try {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml")
                    ? new ObjectMapper(new YAMLFactory())
                    : new ObjectMapper();
            document = mapper.readTree(Files.readString(path));
        } catch (JacksonException e) {
            throw new ConfigurationException("JOBS_SCHEDULES_FILE " + path + " is not valid "
                    + (path.toString().endsWith("json") ? "JSON" : "JSON or YAML") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigurationException("JOBS_SCHEDULES_FILE " + path + " cannot be read: " + e.getMessage());
        }
        if (document == null
                || !document.isObject()
                || !document.path("schedules").isArray()) {
            throw new ConfigurationException(
                    "JOBS_SCHEDULES_FILE " + path + " must hold an object with a \"schedules\" list");
        }
        List<ScheduleRequest> requests = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode entries = document.get("schedules");
        for (int i = 0; i < entries.size(); i++) {
            String prefix = "schedules[" + i + "].";
            try {
                ScheduleRequest request = ScheduleJson.read(entries.get(i), prefix);
                if (!names.add(request.name())) {
                    problems.add(new FieldProblem(prefix + "name", "repeats the name '" + request.name() + "'"));
                }
                requests.add(request);
            } catch (JobValidationException invalid) {
                problems.addAll(invalid.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw refused(path, problems);
        }
        return new SchedulesFile(path, List.copyOf(requests));
    }

    /**
     * Checks every entry against the rules, then creates or replaces each one; returns what changed. Nothing is
     * applied unless every entry passes.
     */
    List<Saved> apply(ManageSchedules manage) {
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < schedules.size(); i++) {
            try {
                manage.check(schedules.get(i));
            } catch (JobValidationException invalid) {
                String prefix = "schedules[" + i + "].";
                invalid.problems().forEach(p -> problems.add(new FieldProblem(prefix + p.field(), p.problem())));
            }
        }
        if (!problems.isEmpty()) {
            throw refused(path, problems);
        }
        List<Saved> saved = new ArrayList<>();
        for (ScheduleRequest request : schedules) {
            try {
                saved.add(manage.put(request.name(), request));
            } catch (DomainException e) {
                throw new ConfigurationException("JOBS_SCHEDULES_FILE " + path + ": " + e.getMessage());
            }
        }
        return saved;
    }

    Path path() {
        return path;
    }

    int size() {
        return schedules.size();
    }

    private static ConfigurationException refused(Path path, List<FieldProblem> problems) {
        return new ConfigurationException("JOBS_SCHEDULES_FILE " + path + " is refused: "
                + problems.stream().map(p -> p.field() + " " + p.problem()).collect(Collectors.joining("; ")));
    }
}
