package dev.jobprocessor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the files it mounts for Prometheus and Grafana agree with each other: no Docker engine runs
 * here to notice a wrong path, an undeclared secret or a dashboard that names another data source.
 */
class ComposeFilesTest {

    private static final Path ROOT = ArchitectureDiagram.FILE.getParent().getParent();
    private static final Pattern BIND_MOUNT = Pattern.compile("- \\./([^:\\s]+):([^:\\s]+)(:ro)?\\n");

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    @Test
    void everyFileComposeMountsIsInTheRepository() throws IOException {
        Map<String, String> mounts = bindMounts();

        assertThat(mounts).containsKeys("deploy/prometheus/prometheus.yml", "deploy/grafana/dashboards");
        for (String source : mounts.keySet()) {
            assertThat(ROOT.resolve(source)).as("./" + source).exists();
        }
    }

    @Test
    void prometheusReadsItsTokenFromTheSecretComposeDeclaresAndEnvExampleSetsIt() throws IOException {
        String compose = read("docker-compose.yml");
        String prometheus = read("deploy/prometheus/prometheus.yml");
        Matcher file = Pattern.compile("credentials_file: /run/secrets/(\\S+)").matcher(prometheus);
        assertThat(file.find()).isTrue();
        String secret = file.group(1);
        Matcher declared = Pattern.compile("\\nsecrets:\\n  " + secret + ":\\n    environment: (\\S+)")
                .matcher(compose);
        assertThat(declared.find()).as("compose declares the secret %s", secret).isTrue();

        Map<String, String> env = envExample();
        String token = env.get(declared.group(1));
        assertThat(token).as("%s in .env.example", declared.group(1)).isNotBlank();
        assertThat(env.get("JOBS_API_TOKENS").split(";"))
                .as("JOBS_API_TOKENS holds Prometheus's secret with the read scope")
                .anyMatch(entry -> entry.matches("[^:]+:([a-z,]*,)?read(,[a-z,]*)?:" + Pattern.quote(token)));
    }

    @Test
    void everyVariableComposeRequiresIsInEnvExample() throws IOException {
        Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(read("docker-compose.yml"));
        List<String> names = new ArrayList<>();
        while (required.find()) {
            names.add(required.group(1));
        }

        assertThat(names).contains("JOBS_API_TOKENS", "GRAFANA_ADMIN_PASSWORD");
        assertThat(envExample()).containsKeys(names.toArray(String[]::new));
    }

    @Test
    void theDashboardIsWhereGrafanaLooksAndEveryPanelAsksTheProvisionedPrometheus() throws IOException {
        Matcher uid =
                Pattern.compile("uid: (\\S+)").matcher(read("deploy/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(uid.find()).isTrue();
        Matcher path = Pattern.compile("path: (\\S+)")
                .matcher(read("deploy/grafana/provisioning/dashboards/job-processor.yml"));
        assertThat(path.find()).isTrue();
        assertThat(bindMounts()).containsEntry("deploy/grafana/dashboards", path.group(1));

        JsonNode dashboard = new ObjectMapper()
                .readTree(ROOT.resolve("deploy/grafana/dashboards/job-processor.json")
                        .toFile());
        assertThat(dashboard.get("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.at("/datasource/uid").asText())
                    .as(panel.get("title").asText())
                    .isEqualTo(uid.group(1));
            assertThat(panel.get("targets")).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.at("/datasource/uid").asText()).isEqualTo(uid.group(1));
                assertThat(target.get("expr").asText()).isNotBlank();
            }
        }
    }

    /** Host path (relative to the repository) to container path, of every bind mount in docker-compose.yml. */
    private static Map<String, String> bindMounts() throws IOException {
        Map<String, String> mounts = new TreeMap<>();
        Matcher mount = BIND_MOUNT.matcher(read("docker-compose.yml"));
        while (mount.find()) {
            mounts.put(mount.group(1), mount.group(2));
        }
        return mounts;
    }

    /** The variables .env.example sets (commented ones left out). */
    private static Map<String, String> envExample() throws IOException {
        Map<String, String> env = new TreeMap<>();
        for (String line : read(".env.example").lines().toList()) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                env.put(
                        line.substring(0, equals).strip(),
                        line.substring(equals + 1).strip());
            }
        }
        return env;
    }
}
