package inferlab.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@link CompletionModel} served by any engine with the OpenAI completions API: vLLM, llama.cpp's server,
 * TGI, SGLang, or {@code bin/inferlab serve}.
 *
 * <p>Prompts go as text or as token ids; answers come whole or streamed as server-sent events. The client is our
 * own, on {@code java.net.http}, rather than the official SDK ({@code com.openai:openai-java}, which the tests use
 * as the reference client for our server): the SDK brings Kotlin, OkHttp and Jackson onto every notebook's class
 * path, and its typed requests have no place for the fields vLLM and llama.cpp add ({@code top_k}, {@code min_p})
 * that the course's decoding knobs need.
 *
 * <p>Rate limits (429) and server errors (5xx) are retried with exponential backoff; a wrong URL, an unknown
 * model, a rejected key or a timeout ends in one {@link RemoteModelException} that says which. The API key is
 * read from an environment variable and never appears in a message.
 */
public final class OpenAiClient implements CompletionModel {

    private final URI completions;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final int retries;
    private final HttpClient http;

    /**
     * @param baseUrl   e.g. {@code http://127.0.0.1:8000} or {@code http://host:8000/v1}
     * @param model     the served model's name
     * @param apiKeyEnv environment variable holding the key; unset means no key is sent
     */
    public OpenAiClient(String baseUrl, String model, String apiKeyEnv, Duration timeout, int retries) {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("a model name is required");
        if (retries < 0) throw new IllegalArgumentException("retries must be >= 0");
        String base = baseUrl.replaceAll("/+$", "");
        try {
            this.completions = URI.create(base.endsWith("/v1") ? base + "/completions" : base + "/v1/completions");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + baseUrl);
        }
        if (completions.getScheme() == null || !completions.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
        }
        this.model = model;
        this.apiKey = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
        this.timeout = timeout;
        this.retries = retries;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A 60-second timeout, three retries, the key from {@code OPENAI_API_KEY}. */
    public OpenAiClient(String baseUrl, String model) {
        this(baseUrl, model, "OPENAI_API_KEY", Duration.ofSeconds(60), 3);
    }

    /**
     * The server named by {@code INFERLAB_SERVER_URL} (asked for {@code INFERLAB_SERVER_MODEL}, else the first model
     * it lists), if set: how a notebook switches from the local model to a vLLM or llama.cpp deployment by one
     * environment variable.
     */
    public static java.util.Optional<OpenAiClient> fromEnvironment() {
        String url = System.getenv("INFERLAB_SERVER_URL");
        if (url == null || url.isBlank()) return java.util.Optional.empty();
        String model = System.getenv("INFERLAB_SERVER_MODEL");
        if (model == null || model.isBlank()) model = servedModel(url);
        return java.util.Optional.of(new OpenAiClient(url, model));
    }

    /**
     * The first model id a server lists under {@code /v1/models}: what to ask for when the name is not given. The
     * key in {@code OPENAI_API_KEY}, if set, is sent.
     */
    public static String servedModel(String endpoint) {
        List<String> ids = servedModels(endpoint);
        if (ids.isEmpty()) throw new IllegalArgumentException("the server at " + endpoint + " lists no models");
        return ids.get(0);
    }

    /** Every model id a server lists under {@code /v1/models}, in its order. */
    public static List<String> servedModels(String endpoint) {
        String base = endpoint.replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create((base.endsWith("/v1") ? base : base + "/v1") + "/models");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + endpoint);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http:// or https:// URL with a host: " + endpoint);
        }
        try {
            HttpRequest.Builder get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
            String key = System.getenv("OPENAI_API_KEY");
            if (key != null && !key.isBlank()) get.header("Authorization", "Bearer " + key);
            HttpResponse<String> r = HttpClient.newHttpClient().send(get.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalArgumentException("GET " + uri + " gave HTTP " + r.statusCode());
            List<String> ids = new ArrayList<>();
            for (JsonElement m : JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("data")) {
                ids.add(m.getAsJsonObject().get("id").getAsString());
            }
            return ids;
        } catch (IOException e) { // a refused connection has no message (its innermost cause is a closed channel)
            throw new IllegalArgumentException("cannot reach " + uri + " (is the server running?): "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) throw e;
            throw new IllegalArgumentException("cannot read the model list at " + uri);
        }
    }

    /** The served model's name, as sent in each request. */
    public String model() {
        return model;
    }

    @Override
    public String name() {
        return model + "@" + completions.getAuthority();
    }

    @Override
    public Completion complete(CompletionRequest request) {
        return complete(request, null);
    }

    /** Completes the prompt given as token ids (the server's tokenizer's); {@code request}'s text is not sent. */
    public Completion complete(CompletionRequest request, int[] promptIds) {
        HttpResponse<String> resp = send(request, promptIds, false, HttpResponse.BodyHandlers.ofString(), r -> r);
        try {
            return OpenAiJson.parseResponse(resp.body());
        } catch (RuntimeException e) {
            throw new RemoteModelException("unreadable answer from " + completions + ": " + e.getMessage());
        }
    }

    /**
     * Streams the completion: {@code onText} gets each piece of text as the server sends it (choice index, text),
     * and the whole answer is returned at the end, with usage. {@code promptIds}, when not null, is the prompt.
     */
    public Completion stream(CompletionRequest request, int[] promptIds, BiConsumer<Integer, String> onText) {
        HttpResponse<Stream<String>> resp = send(request, promptIds, true, HttpResponse.BodyHandlers.ofLines(),
                lines -> lines.collect(Collectors.joining("\n")));
        StreamedCompletion answer = new StreamedCompletion(request.n());
        try (Stream<String> lines = resp.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.startsWith("data:")) continue;
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) return answer.completion();
                if (data.startsWith("{\"error\"")) {
                    throw new RemoteModelException("the server failed mid-stream: " + OpenAiJson.errorMessage(data));
                }
                answer.add(data, onText);
            }
        } catch (java.io.UncheckedIOException e) {
            throw new RemoteModelException("the stream from " + completions + " broke: " + e.getMessage());
        } catch (RemoteModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RemoteModelException("unreadable event from " + completions + ": " + e.getMessage());
        }
        throw new RemoteModelException("the stream from " + completions + " ended without [DONE]");
    }

    /**
     * Posts the request, retrying rate limits and server errors; returns a 200 response, and turns any other
     * status into a {@link RemoteModelException} with the server's message ({@code text} reads an error body).
     */
    private <T> HttpResponse<T> send(CompletionRequest request, int[] promptIds, boolean stream,
                                     HttpResponse.BodyHandler<T> handler, java.util.function.Function<T, String> text) {
        String body = OpenAiJson.requestJson(model, request, promptIds, stream).toString();
        HttpRequest.Builder b = HttpRequest.newBuilder(completions)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null && !apiKey.isEmpty()) b.header("Authorization", "Bearer " + apiKey);
        HttpRequest req = b.build();
        long backoffMs = 250;
        for (int attempt = 0; ; attempt++) {
            HttpResponse<T> resp;
            try {
                resp = http.send(req, handler);
            } catch (HttpTimeoutException e) {
                throw new RemoteModelException("no answer from " + completions + " within " + timeout.toSeconds() + " s");
            } catch (ConnectException e) {
                throw new RemoteModelException("cannot connect to " + completions + " (is the server running and the URL right?)");
            } catch (IOException e) {
                if (attempt >= retries) throw new RemoteModelException("request to " + completions + " failed: " + e.getMessage());
                sleep(backoffMs);
                backoffMs *= 2;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteModelException("interrupted while waiting for " + completions);
            }
            int status = resp.statusCode();
            if (status == 200) return resp;
            String message = OpenAiJson.errorMessage(text.apply(resp.body()));
            if ((status == 429 || status >= 500) && attempt < retries) {
                sleep(resp.headers().firstValue("Retry-After").map(s -> parseSeconds(s) * 1000).orElse(backoffMs));
                backoffMs *= 2;
                continue;
            }
            throw new RemoteModelException(switch (status) {
                case 401, 403 -> "the server rejected the API key (HTTP " + status + "): " + message;
                case 404 -> "not found at " + completions + " (wrong URL or model '" + model + "'?): " + message;
                default -> "HTTP " + status + " from " + completions + ": " + message;
            });
        }
    }

    private static long parseSeconds(String s) {
        try {
            return Math.min(30, Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteModelException("interrupted during retry backoff");
        }
    }
}
