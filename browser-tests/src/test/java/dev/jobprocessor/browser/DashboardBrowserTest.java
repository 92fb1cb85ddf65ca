package dev.jobprocessor.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in real headless Chromium against the runnable jar in its own process: jobs submitted through the API
 * appear in the table; a dead job opens with its error history; pressing Retry moves it back to pending.
 *
 * <p>The dead job lives on a queue no embedded worker serves, and this test plays the remote worker that fails it, so
 * after the retry it stays pending where the page can see it.
 */
class DashboardBrowserTest {

    private static final Path JAR = Path.of(System.getProperty("jobs.jar", "../bootstrap/target/job-processor.jar"));
    private static final Path WORK = Path.of(System.getProperty("jobs.browser.dir", "target/browser"));
    private static final Path CHROMIUM = Path.of(envOr("JOBS_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(envOr("JOBS_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Process service;
    /** A webhook receiver on loopback: the first request to it is answered 503, every later one 200. */
    private static com.sun.net.httpserver.HttpServer receiver;

    private static String base;
    private static WebDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but Chromium is missing at " + CHROMIUM + " or ChromeDriver at "
                    + CHROMEDRIVER + "; .ci/run installs Debian's chromium and chromium-driver");
        }
        Assumptions.assumeTrue(
                present,
                "Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver);"
                        + " this test never skips when CI=true");
        Files.createDirectories(WORK);
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        java.util.concurrent.atomic.AtomicInteger hooks = new java.util.concurrent.atomic.AtomicInteger();
        receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(hooks.incrementAndGet() == 1 ? 503 : 200, -1);
            exchange.close();
        });
        receiver.start();
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-jar", JAR.toString(), "serve")
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("service.log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("JOBS_"));
        builder.environment().put("JOBS_STORE", "memory");
        builder.environment().put("JOBS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("JOBS_POLL_INTERVAL_MS", "100");
        // a point of the dashboard's trends every half second, so a test sees lines within seconds
        builder.environment().put("JOBS_TRENDS_INTERVAL_MS", "500");
        builder.environment().put("JOBS_QUEUES", "default");
        builder.environment().put("JOBS_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        builder.environment()
                .put(
                        "JOBS_WEBHOOK_ALLOWED_DESTINATIONS",
                        "127.0.0.1:" + receiver.getAddress().getPort());
        builder.environment().put("JOBS_WEBHOOK_BACKOFF", "1s");
        service = builder.start();
        awaitReady();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as root on a closed network: no sandbox, and none of Chromium's background connections
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1100",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driverService, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.destroy();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void showsJobsAndRetriesADeadOne() throws Exception {
        List<String> noops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            noops.add(post("/jobs", "{\"type\":\"noop\"}").get("id").asText());
        }
        String dead = post("/jobs", "{\"type\":\"report\",\"queue\":\"manual\",\"max_attempts\":1}")
                .get("id")
                .asText();
        JsonNode leased = post("/leases", "{\"worker_id\":\"browser-test\",\"queues\":[\"manual\"],\"limit\":1}")
                .at("/jobs/0");
        assertThat(leased.get("id").asText()).isEqualTo(dead);
        post(
                "/jobs/" + dead + "/fail",
                "{\"lease_token\":\"" + leased.get("lease_token").asText()
                        + "\",\"error\":\"printer on fire\",\"retryable\":true}");
        assertThat(get("/jobs/" + dead).get("state").asText()).isEqualTo("dead");

        browser.get(base + "/");
        // The dashboard redraws its tables every few seconds, replacing the rows: an element found just before a
        // redraw is stale when read, so the waits look it up again instead of failing (seen under load in CI).
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);

        // every submitted job shows up in the table, the noops completed by the embedded worker
        for (String id : noops) {
            wait.until(ExpectedConditions.attributeToBe(
                    By.cssSelector("#jobs-table tr[data-job-id='" + id + "']"), "data-state", "completed"));
        }
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#jobs-table tr[data-job-id='" + dead + "'][data-state='dead']")));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#counts .count[data-state='dead'] .n"), "1"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#recent-failures tbody"), "printer on fire"));

        // filter to dead jobs, open the one there is, and press Retry
        new Select(browser.findElement(By.id("filter-state"))).selectByVisibleText("dead");
        browser.findElement(By.id("apply-filters")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#jobs-table tbody tr"), 1));
        wait.until(driver -> {
            driver.findElement(By.cssSelector("#jobs-table tr[data-job-id='" + dead + "']"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(By.id("detail-state"), "dead"));
        assertThat(browser.findElement(By.id("detail-id")).getText()).isEqualTo(dead);
        assertThat(browser.findElement(By.cssSelector("#detail-errors tbody")).getText())
                .contains("printer on fire");
        WebElement retry = browser.findElement(By.id("retry-job"));
        assertThat(retry.isDisplayed()).isTrue();
        saveScreenshot("dashboard-dead-job.png");
        retry.click();

        wait.until(ExpectedConditions.textToBe(By.id("detail-state"), "pending"));
        assertThat(get("/jobs/" + dead).get("state").asText()).isEqualTo("pending");
        assertThat(browser.findElement(By.id("retry-job")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("cancel-job")).isDisplayed()).isTrue();
        saveScreenshot("dashboard.png");
    }

    @Test
    void pausesResumesAndSetsEachLimitOfAQueue() throws Exception {
        post("/jobs", "{\"type\":\"report\",\"queue\":\"parked\"}");

        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        By parked = By.cssSelector("#queue-control tr[data-queue='parked']");
        wait.until(ExpectedConditions.attributeToBe(parked, "data-paused", "false"));

        wait.until(driver -> {
            driver.findElement(parked)
                    .findElement(By.cssSelector("button.queue-toggle"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.attributeToBe(parked, "data-paused", "true"));
        assertThat(get("/queues/parked").get("paused").asBoolean()).isTrue();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(parked, "paused"));

        wait.until(driver -> {
            WebElement limit = driver.findElement(parked).findElement(By.cssSelector("input.limit-input"));
            limit.clear();
            limit.sendKeys("2");
            driver.findElement(parked)
                    .findElement(By.cssSelector("button.limit-set"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.attributeToBe(parked, "data-limit", "2"));
        assertThat(get("/queues/parked").get("concurrency_limit").asInt()).isEqualTo(2);

        wait.until(driver -> {
            WebElement row = driver.findElement(parked);
            WebElement jobs = row.findElement(By.cssSelector("input.rate-jobs-input"));
            jobs.clear();
            jobs.sendKeys("20");
            WebElement period = row.findElement(By.cssSelector("input.rate-period-input"));
            period.clear();
            period.sendKeys("1");
            row.findElement(By.cssSelector("button.rate-set")).click();
            return true;
        });
        wait.until(ExpectedConditions.attributeToBe(parked, "data-rate-limit", "20/1"));
        assertThat(get("/queues/parked").at("/rate_limit/jobs").asInt()).isEqualTo(20);

        wait.until(driver -> {
            WebElement keyLimit = driver.findElement(parked).findElement(By.cssSelector("input.key-limit-input"));
            keyLimit.clear();
            keyLimit.sendKeys("3");
            driver.findElement(parked)
                    .findElement(By.cssSelector("button.key-limit-set"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.attributeToBe(parked, "data-key-limit", "3"));
        assertThat(get("/queues/parked").get("key_limit").asInt()).isEqualTo(3);
        saveScreenshot("dashboard-queue-control.png");

        wait.until(driver -> {
            driver.findElement(parked)
                    .findElement(By.cssSelector("button.queue-toggle"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.attributeToBe(parked, "data-paused", "false"));
        assertThat(get("/queues/parked").get("paused").asBoolean()).isFalse();
    }

    @Test
    void pausesResumesAndTriggersASchedule() throws Exception {
        post(
                "/schedules",
                "{\"name\":\"nightly\",\"cron\":\"30 2 * * *\",\"timezone\":\"Europe/Berlin\","
                        + "\"job\":{\"type\":\"report\",\"queue\":\"parked-reports\"}}");

        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        By nightly = By.cssSelector("#schedules tr[data-schedule='nightly']");
        wait.until(ExpectedConditions.attributeToBe(nightly, "data-paused", "false"));
        String next = get("/schedules/nightly").get("next_fire_at").asText();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(nightly, next));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(nightly, "Europe/Berlin"));

        wait.until(driver -> {
            driver.findElement(nightly)
                    .findElement(By.cssSelector("button.schedule-toggle"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.attributeToBe(nightly, "data-paused", "true"));
        assertThat(get("/schedules/nightly").get("paused").asBoolean()).isTrue();

        wait.until(driver -> {
            driver.findElement(nightly)
                    .findElement(By.cssSelector("button.schedule-trigger"))
                    .click();
            return true;
        });
        wait.until(driver ->
                !driver.findElement(nightly).getAttribute("data-last-job").isEmpty());
        String triggered = browser.findElement(nightly).getAttribute("data-last-job");
        assertThat(get("/jobs/" + triggered).get("queue").asText()).isEqualTo("parked-reports");
        assertThat(get("/jobs/" + triggered).get("created_by").asText()).isEqualTo("schedule:nightly");
        saveScreenshot("dashboard-schedules.png");

        wait.until(driver -> {
            driver.findElement(nightly)
                    .findElement(By.cssSelector("button.schedule-toggle"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.attributeToBe(nightly, "data-paused", "false"));
        assertThat(get("/schedules/nightly").get("paused").asBoolean()).isFalse();
    }

    /**
     * The Grafana dashboard of docker-compose.yml (deploy/grafana) asks only for series this service's /metrics has:
     * no engine runs here to show an empty panel, so the names are checked against a real scrape of the jar.
     */
    @Test
    void theGrafanaDashboardAsksOnlyForMetricsTheServiceExposes() throws Exception {
        String completes = post("/jobs", "{\"type\":\"noop\"}").get("id").asText();
        String retries = post("/jobs", "{\"type\":\"fail\",\"payload\":{\"times\":1}}")
                .get("id")
                .asText();
        String fails = post("/jobs", "{\"type\":\"fail\",\"payload\":{\"permanent\":true}}")
                .get("id")
                .asText();
        String dies = post("/jobs", "{\"type\":\"fail\",\"max_attempts\":1}")
                .get("id")
                .asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!get("/jobs/" + completes).get("state").asText().equals("completed")
                || get("/jobs/" + retries).get("attempts").asInt() < 1
                || !get("/jobs/" + fails).get("state").asText().equals("failed")
                || !get("/jobs/" + dies).get("state").asText().equals("dead")) {
            assertThat(System.nanoTime()).as("the four jobs run within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        List<String> scrape = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body()
                .lines()
                .toList();

        JsonNode dashboard = JSON.readTree(
                Path.of("../deploy/grafana/dashboards/job-processor.json").toFile());
        Set<String> asked = new java.util.TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                java.util.regex.Matcher name = java.util.regex.Pattern.compile(
                                "\\b(jobs|job|worker|http_server)_[a-z_]+")
                        .matcher(target.get("expr").asText());
                while (name.find()) {
                    asked.add(name.group());
                }
            }
        }
        assertThat(asked).contains("jobs_created_total", "job_queue_wait_seconds_bucket", "worker_up");
        for (String metric : asked) {
            assertThat(scrape)
                    .as("the dashboard's %s is in the service's /metrics", metric)
                    .anyMatch(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "));
        }
        // The other tests share this service and count its jobs by state: leave none of these behind.
        for (String id : List.of(completes, retries, fails, dies)) {
            deleteOnceFinished(id);
        }
    }

    @Test
    void chartsTheLastHourAndShowsAJobsAttemptsInOrder() throws Exception {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(post("/jobs", "{\"type\":\"noop\"}").get("id").asText());
        }
        String flaky = post("/jobs", "{\"type\":\"fail\",\"payload\":{\"times\":1},\"max_attempts\":3}")
                .get("id")
                .asText();
        jobs.add(flaky);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!get("/jobs/" + flaky).get("state").asText().equals("completed")) {
            assertThat(System.nanoTime())
                    .as("the flaky job completes on its second attempt")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }

        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        // completions show as a line above the baseline; run time and backlog have their series too
        wait.until(driver -> completedLineRisesAboveZero());
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#chart-run [data-series='p50'], #chart-run [data-series='p99']")));
        wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#legend-backlog [data-series='default']")));
        assertThat(browser.findElement(By.id("legend-throughput")).getText())
                .contains("created", "completed", "failed");
        assertThat(browser.findElement(By.id("trends-note")).getText()).contains("One point every 0.5 s");
        saveScreenshot("dashboard-trends.png");

        wait.until(driver -> {
            driver.findElement(By.cssSelector("#jobs-table tr[data-job-id='" + flaky + "']"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(By.id("detail-id"), flaky));
        List<String> timeline = browser.findElements(By.cssSelector("#detail-timeline li")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(timeline).hasSize(4);
        assertThat(timeline.get(0)).endsWith("created");
        assertThat(timeline.get(1)).contains("attempt 1 failed");
        assertThat(timeline.get(2)).endsWith("attempt 2 started");
        assertThat(timeline.get(3)).endsWith("completed");
        browser.findElement(By.id("job-detail")).getLocation(); // scrolled into view by the click
        saveScreenshot("dashboard-job-attempts.png");
        browser.findElement(By.id("close-detail")).click();

        for (String id : jobs) {
            deleteOnceFinished(id);
        }
    }

    /** Whether the throughput chart's "completed" line has a point above its zero grid line (smaller y is higher). */
    private static boolean completedLineRisesAboveZero() {
        List<WebElement> grid = browser.findElements(By.cssSelector("#chart-throughput line.grid"));
        if (grid.isEmpty()) {
            return false;
        }
        double zero = Double.parseDouble(grid.getFirst().getAttribute("y1"));
        for (WebElement line :
                browser.findElements(By.cssSelector("#chart-throughput polyline[data-series='completed']"))) {
            for (String point : line.getAttribute("points").trim().split(" ")) {
                if (Double.parseDouble(point.substring(point.indexOf(',') + 1)) < zero - 0.5) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void withTokensItAsksForOneAndShowsEverythingOnceAReadTokenIsGiven() throws Exception {
        String secret = "dashboard-read-secret-0123456789abcdef";
        int port = freePort();
        String guarded = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-jar", JAR.toString(), "serve")
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("service-with-tokens.log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("JOBS_") || key.startsWith("OTEL_"));
        builder.environment().put("JOBS_STORE", "memory");
        builder.environment().put("JOBS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("JOBS_TRENDS_INTERVAL_MS", "500");
        builder.environment().put("JOBS_API_TOKENS", "dashboard:read:" + secret);
        Process withTokens = builder.start();
        try {
            awaitReady(withTokens, guarded);
            browser.get(guarded + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.ignoring(StaleElementReferenceException.class);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "unauthorized"));

            browser.findElement(By.id("token")).sendKeys(secret);
            browser.findElement(By.cssSelector("#token-form button")).click();

            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "updated"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("trends-note"), "One point every"));
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#chart-throughput [data-series='created']")));
            assertThat(browser.findElement(By.cssSelector("#counts .count[data-state='pending'] .n"))
                            .getText())
                    .isEqualTo("0");
            saveScreenshot("dashboard-with-token.png");
        } finally {
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
            withTokens.destroy();
        }
    }

    /** Cancels the job while it is pending, waits while it runs, then deletes it. */
    private void deleteOnceFinished(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (String state = get("/jobs/" + id).get("state").asText();
                state.equals("pending") || state.equals("running");
                state = get("/jobs/" + id).get("state").asText()) {
            assertThat(System.nanoTime()).as("job " + id + " finishes").isLessThan(deadline);
            if (state.equals("pending")) {
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/jobs/" + id + "/cancel"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } else {
                Thread.sleep(50);
            }
        }
        HttpResponse<Void> deleted = http.send(
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + id))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(deleted.statusCode()).as("DELETE /jobs/" + id).isEqualTo(204);
    }

    @Test
    void servesSwaggerUiOverTheOpenApiDocumentAndTriesARequestFromIt() throws Exception {
        int operations = 0;
        for (JsonNode path : get("/openapi.json").get("paths")) {
            operations += path.size();
        }
        int documented = operations;
        browser.get(base + "/docs");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        // Every documented operation is drawn: Swagger UI ran (its script and styles from this server, under its CSP).
        wait.until(driver -> driver.findElements(By.cssSelector("div.opblock")).size() == documented);
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText())
                .contains("job-processor");

        WebElement health = browser.findElement(By.cssSelector("div.opblock[id$='-health']"));
        health.findElement(By.cssSelector(".opblock-summary-control")).click();
        wait.until(driver -> health.findElement(By.cssSelector(".try-out__btn")))
                .click();
        wait.until(driver -> health.findElement(By.cssSelector("button.execute")))
                .click();
        wait.until(driver -> health.findElement(By.cssSelector(".live-responses-table tbody .response-col_status"))
                .getText()
                .trim()
                .equals("200"));
        assertThat(health.findElement(By.cssSelector(".live-responses-table")).getText())
                .contains("\"status\": \"ok\"");
        saveScreenshot("api-docs.png");
    }

    @Test
    void showsAJobsWebhookDeliveryWithEachAttempt() throws Exception {
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        String id = post("/jobs", "{\"type\":\"noop\",\"callback_url\":\"" + hook + "\"}")
                .get("id")
                .asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!get("/jobs/" + id).at("/webhooks/0/state").asText().equals("delivered")) {
            assertThat(System.nanoTime())
                    .as("the delivery is delivered within 20 s")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }

        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(driver -> {
            driver.findElement(By.cssSelector("#jobs-table tr[data-job-id='" + id + "']"))
                    .click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(By.id("detail-id"), id));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#detail-webhooks tbody tr"), 2));
        List<WebElement> attempts = browser.findElements(By.cssSelector("#detail-webhooks tbody tr"));
        assertThat(attempts.get(0).getText()).contains("job.completed", "delivered", "answered 503");
        assertThat(attempts.get(1).getText()).contains("answered 200");
        assertThat(browser.findElement(By.id("detail-fields")).getText()).contains(hook);
        saveScreenshot("dashboard-webhooks.png");
    }

    @Test
    void drawsAWorkflowAsAGraphThenCancelsAndRetriesAllOfIt() throws Exception {
        JsonNode submitted = post("/workflows", """
                {"name":"album 7","jobs":[
                  {"type":"resize","queue":"held","ref":"a"},
                  {"type":"thumb","queue":"held","ref":"b","depends_on":["a"]},
                  {"type":"thumb","queue":"held","ref":"c","depends_on":["a"]},
                  {"type":"album","queue":"held","ref":"d","depends_on":["b","c"]}]}""");
        String workflow = submitted.get("id").asText();
        List<String> ids = new ArrayList<>();
        submitted.get("jobs").forEach(job -> ids.add(job.get("id").asText()));

        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);

        // an unknown id is refused once and forgotten: the refreshes after it load as before
        browser.findElement(By.id("workflow-id")).sendKeys("01900000-0000-7000-8000-000000000000");
        browser.findElement(By.cssSelector("#workflow-form button")).click();
        Thread.sleep(4_000); // longer than one refresh (3 s)
        wait.until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("^updated ")));
        assertThat(browser.findElement(By.id("workflow")).isDisplayed()).isFalse();
        browser.findElement(By.id("workflow-id")).clear();

        browser.findElement(By.id("workflow-id")).sendKeys(workflow);
        browser.findElement(By.cssSelector("#workflow-form button")).click();
        By box = By.id("workflow");
        wait.until(ExpectedConditions.attributeToBe(box, "data-state", "running"));
        assertThat(browser.findElement(By.id("workflow-name")).getText()).isEqualTo("album 7");

        // every job a node in the column after its deepest parent, every edge an arrow from parent to child; the graph
        // is redrawn with every refresh, so each read is retried on a stale element
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#workflow-graph g.wf-node"), 4));
        wait.until(driver -> "pending".equals(node(ids.get(0)).getAttribute("data-state"))
                && "waiting".equals(node(ids.get(3)).getAttribute("data-state")));
        wait.until(driver -> columnOf(ids.get(0)) < columnOf(ids.get(1))
                && columnOf(ids.get(1)) == columnOf(ids.get(2))
                && columnOf(ids.get(2)) < columnOf(ids.get(3)));
        Set<String> expectedEdges = Set.of(
                ids.get(0) + ">" + ids.get(1),
                ids.get(0) + ">" + ids.get(2),
                ids.get(1) + ">" + ids.get(3),
                ids.get(2) + ">" + ids.get(3));
        wait.until(driver -> {
            List<String> edges = new ArrayList<>();
            driver.findElements(By.cssSelector("#workflow-graph path.wf-edge"))
                    .forEach(edge ->
                            edges.add(edge.getAttribute("data-parent") + ">" + edge.getAttribute("data-child")));
            return edges.size() == expectedEdges.size() && Set.copyOf(edges).equals(expectedEdges);
        });
        saveScreenshot("dashboard-workflow.png");

        browser.findElement(By.id("cancel-workflow")).click();
        wait.until(ExpectedConditions.attributeToBe(box, "data-state", "cancelled"));
        assertThat(get("/workflows/" + workflow).get("state").asText()).isEqualTo("cancelled");
        wait.until(driver -> driver.findElements(By.cssSelector("#workflow-graph g.wf-node[data-state='cancelled']"))
                        .size()
                == 4);

        browser.findElement(By.id("retry-workflow")).click();
        wait.until(ExpectedConditions.attributeToBe(box, "data-state", "running"));
        wait.until(driver -> "pending".equals(node(ids.get(0)).getAttribute("data-state")));
        assertThat(get("/jobs/" + ids.get(3)).get("state").asText()).isEqualTo("waiting");

        // a node opens its job
        wait.until(driver -> {
            node(ids.get(3)).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(By.id("detail-id"), ids.get(3)));
        assertThat(browser.findElement(By.id("detail-state")).getText()).isEqualTo("waiting");
        saveScreenshot("dashboard-workflow-retried.png");
    }

    private static WebElement node(String jobId) {
        return browser.findElement(By.cssSelector("#workflow-graph g.wf-node[data-job-id='" + jobId + "']"));
    }

    /** The x of a node's {@code translate(x y)}: its column, left to right. */
    private static double columnOf(String jobId) {
        String transform = node(jobId).getAttribute("transform");
        return Double.parseDouble(transform.substring("translate(".length(), transform.indexOf(' ')));
    }

    private static void saveScreenshot(String name) throws IOException {
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private JsonNode post(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST " + path + ": " + response.body())
                .isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void awaitReady() throws Exception {
        awaitReady(service, base);
    }

    private static void awaitReady(Process process, String url) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited; see " + WORK.resolve("service.log"));
            }
            try {
                int status = client.send(
                                HttpRequest.newBuilder(URI.create(url + "/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not become ready; see " + WORK.resolve("service.log"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
