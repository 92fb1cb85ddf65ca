package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the server agree: every documented route is answered, and nothing else is. */
class OpenApiTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static TestServer server;
    private static JsonNode document;

    @BeforeAll
    static void fetchTheDocument() {
        server = new TestServer();
        Response response = server.get("/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        document = response.body();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Set<Route> documentedRoutes() {
        Set<Route> routes = new HashSet<>();
        for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = document.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (HTTP_METHODS.contains(method)) {
                    routes.add(new Route(method.toUpperCase(Locale.ROOT), path));
                }
            }
        }
        return routes;
    }

    @Test
    void isAnOpenApi3Document() {
        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(document.at("/components/schemas/Error/properties/error/properties/code/enum"))
                .extracting(JsonNode::asText)
                .contains("validation_failed", "malformed_json", "lease_lost", "unavailable", "internal");
    }

    @Test
    void documentsExactlyTheRoutesTheServerRegisters() {
        assertThat(documentedRoutes()).containsExactlyInAnyOrderElementsOf(Route.ALL);
    }

    @Test
    void everyOperationStatesTheSecurityTheServerEnforcesAndTheServerIsListed() {
        for (Route route : Route.ALL) {
            JsonNode operation =
                    document.get("paths").get(route.path()).get(route.method().toLowerCase(Locale.ROOT));
            JsonNode security = operation.get("security");
            assertThat(security).as(route + " states its security").isNotNull();
            Optional<Scope> scope = Access.required(route);
            if (scope.isEmpty()) {
                assertThat(security).as(route + " is open").isEmpty();
            } else {
                assertThat(security.toString()).as(route.toString()).isEqualTo("[{\"bearer\":[]}]");
                assertThat(operation.get("x-required-scope").asText())
                        .as(route.toString())
                        .isEqualTo(scope.get().wireName());
            }
        }
        assertThat(document.get("servers"))
                .as("servers, for Swagger UI's calls and the lint")
                .isNotEmpty();
    }

    @Test
    void everyDocumentedRouteIsAnswered() {
        for (Route route : documentedRoutes()) {
            String path = route.path()
                    .replace("{id}", "01890000-0000-7000-8000-000000000000")
                    .replace("{name}", "mail");
            Response response = server.send(HttpRequest.newBuilder(server.uri(path))
                    .header("Content-Type", "application/json")
                    .method(
                            route.method(),
                            HttpRequest.BodyPublishers.ofString(route.method().equals("GET") ? "" : "{}")));
            assertThat(response.status()).as(route + " is routed").isNotEqualTo(405);
            if (response.status() == 404) {
                assertThat(response.body().at("/error/message").asText())
                        .as(route + " answers about the job or queue, not about a missing route")
                        .doesNotStartWith("no route");
            }
        }
    }

    @Test
    void undocumentedMethodsOnDocumentedPathsAreNotAnswered() {
        Set<Route> documented = documentedRoutes();
        for (Route route : documented) {
            String method = Stream.of("PUT", "PATCH", "DELETE", "POST")
                    .filter(m -> !documented.contains(new Route(m, route.path())))
                    .findFirst()
                    .orElseThrow();
            String path = route.path()
                    .replace("{id}", "01890000-0000-7000-8000-000000000000")
                    .replace("{name}", "mail");
            Response response = server.send(
                    HttpRequest.newBuilder(server.uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
            assertThat(response.status()).as(method + " " + path).isEqualTo(405);
        }
    }
}
