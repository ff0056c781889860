package inferlab.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;

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
 * <p>A busy server (429, 503) is asked again after the wait it names in {@code Retry-After}, else after a
 * doubling backoff; other failures are not retried (a 500 for a prompt the engine cannot take would only come
 * again). A wrong URL, an unknown model, a rejected key, a server's own error in any engine's shape
 * ({@link ErrorBody}), a timeout, a server that goes quiet mid-answer or a stream cut short ends in one
 * {@link RemoteModelException} that says which. The API key is read from an environment variable and never
 * appears in a message.
 */
public final class OpenAiClient implements CompletionModel {
    /** The longest wait a server's {@code Retry-After} gets before the request is sent again. */
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(30);

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
        this.http = http(timeout);
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
    public static Optional<OpenAiClient> fromEnvironment() {
        String url = System.getenv("INFERLAB_SERVER_URL");
        if (url == null || url.isBlank()) return Optional.empty();
        String model = System.getenv("INFERLAB_SERVER_MODEL");
        if (model == null || model.isBlank()) model = servedModel(url);
        return Optional.of(new OpenAiClient(url, model));
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
        Duration timeout = Duration.ofSeconds(10);
        String body;
        try {
            HttpRequest.Builder get = HttpRequest.newBuilder(uri).timeout(timeout).GET();
            String key = System.getenv("OPENAI_API_KEY");
            if (key != null && !key.isBlank()) get.header("Authorization", "Bearer " + key);
            HttpResponse<InputStream> r = http(timeout).send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
            body = text(r, timeout);
            if (r.statusCode() != 200) {
                throw new IllegalArgumentException("GET " + uri + " gave HTTP " + r.statusCode() + ": " + ErrorBody.message(body));
            }
        } catch (HttpTimeoutException e) {
            throw new IllegalArgumentException("no answer from " + uri + " within " + seconds(timeout));
        } catch (IOException e) { // a refused connection has no message (its innermost cause is a closed channel)
            throw new IllegalArgumentException("cannot reach " + uri + " (is the server running?): "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        try { // {"object": "list", "data": [{"id": ...}, ...]}; llama.cpp's server adds its own "models" list
            List<String> ids = new ArrayList<>();
            for (JsonElement m : JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("data")) {
                ids.add(m.getAsJsonObject().get("id").getAsString());
            }
            return ids;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read the model list at " + uri + ": " + ErrorBody.message(body));
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
        return allChoices(request, promptIds, whole(send(request, promptIds, false)), null);
    }

    /**
     * Streams the completion: {@code onText} gets each piece of text as the server sends it (choice index, text),
     * and the whole answer is returned at the end, with usage. {@code promptIds}, when not null, is the prompt.
     */
    public Completion stream(CompletionRequest request, int[] promptIds, BiConsumer<Integer, String> onText) {
        HttpResponse<InputStream> resp = send(request, promptIds, true);
        // a server (or proxy) that does not stream answers with the whole completion as JSON
        boolean json = resp.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        Completion c = json ? passOn(whole(resp), onText) : events(resp, onText);
        return allChoices(request, promptIds, c, onText);
    }

    /** A whole answer, read and checked. */
    private Completion whole(HttpResponse<InputStream> resp) {
        String body;
        try {
            body = text(resp, timeout);
        } catch (HttpTimeoutException e) {
            throw new RemoteModelException("the answer from " + completions + " stopped arriving (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new RemoteModelException("the answer from " + completions + " broke off: " + reason(e));
        }
        JsonObject o;
        try {
            o = OpenAiJson.object(body);
        } catch (IllegalArgumentException e) {
            throw new RemoteModelException("the answer from " + completions + " is not JSON (Content-Type "
                    + resp.headers().firstValue("Content-Type").orElse("none") + "): " + ErrorBody.message(body));
        }
        String error = ErrorBody.of(o);
        if (error != null) throw new RemoteModelException("the server at " + completions + " answered with an error: " + error);
        try {
            return finished(OpenAiJson.parseResponse(o));
        } catch (RemoteModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RemoteModelException("unreadable answer from " + completions + ": " + inferlab.Errors.reason(e));
        }
    }

    /** Reads a stream of server-sent events to its {@code [DONE]}; a failure the server reports mid-stream ends it. */
    private Completion events(HttpResponse<InputStream> resp, BiConsumer<Integer, String> onText) {
        StreamedCompletion answer = new StreamedCompletion();
        try (BufferedReader in = reader(resp, timeout)) {
            SseEvents events = new SseEvents(in);
            for (SseEvents.Event e; (e = events.next()) != null; ) {
                if (e.data().equals("[DONE]")) return finished(answer.completion());
                if (e.name().equals("error")) throw failedMidStream(ErrorBody.message(e.data()));
                List<StreamedCompletion.Piece> pieces;
                try {
                    JsonObject chunk = OpenAiJson.object(e.data());
                    String error = ErrorBody.of(chunk);
                    if (error != null) throw failedMidStream(error);
                    pieces = answer.add(chunk);
                } catch (RemoteModelException ex) {
                    throw ex;
                } catch (RuntimeException ex) {
                    throw new RemoteModelException("unreadable event from " + completions + ": "
                            + inferlab.Errors.reason(ex) + " in " + ErrorBody.message(e.data()));
                }
                pieces.forEach(p -> onText.accept(p.choice(), p.text()));
            }
        } catch (HttpTimeoutException e) {
            throw new RemoteModelException("the stream from " + completions + " stopped (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new RemoteModelException("the stream from " + completions + " broke: " + reason(e));
        }
        throw new RemoteModelException("the stream from " + completions + " ended before [DONE]: the answer is incomplete");
    }

    private RemoteModelException failedMidStream(String message) {
        return new RemoteModelException("the server at " + completions + " failed mid-stream: " + message);
    }

    /** Passes a whole answer's texts to a stream's consumer. */
    private static Completion passOn(Completion c, BiConsumer<Integer, String> onText) {
        for (int i = 0; i < c.choices().size(); i++) {
            if (!c.choices().get(i).text().isEmpty()) onText.accept(i, c.choices().get(i).text());
        }
        return c;
    }

    /** The answer, unless a choice ended unfinished: vLLM reports a request its engine aborted as "abort". */
    private Completion finished(Completion c) {
        for (Completion.Choice ch : c.choices()) {
            if ("abort".equals(ch.finishReason()) || "error".equals(ch.finishReason())) {
                throw new RemoteModelException("the server at " + completions + " gave up on the request (finish_reason \""
                        + ch.finishReason() + "\"): its text is incomplete");
            }
        }
        return c;
    }

    /**
     * The answer with all {@code n} choices. llama.cpp's server ignores {@code n} and answers with one choice; the
     * missing ones are asked for one at a time, a seeded request with seeds seed + 1, seed + 2, ... so that they
     * differ and repeat. The prompt's tokens count once, as the API counts them for {@code n} choices.
     */
    private Completion allChoices(CompletionRequest r, int[] promptIds, Completion got, BiConsumer<Integer, String> onText) {
        if (got.choices().size() >= r.n()) return got;
        if (got.choices().isEmpty()) throw new RemoteModelException("the server at " + completions + " answered with no choices");
        List<Completion.Choice> choices = new ArrayList<>(got.choices());
        int completionTokens = got.completionTokens();
        for (int k = choices.size(); k < r.n(); k++) {
            CompletionRequest one = new CompletionRequest(r.prompt(), r.maxTokens(), r.temperature(), r.topP(), r.topK(),
                    r.minP(), r.seed() == null ? null : r.seed() + k, r.stop(), 1, r.logprobs(), r.echo());
            Completion c = whole(send(one, promptIds, false));
            if (c.choices().isEmpty()) throw new RemoteModelException("the server at " + completions + " answered with no choices");
            choices.add(c.choices().get(0));
            completionTokens += c.completionTokens();
            if (onText != null && !c.choices().get(0).text().isEmpty()) onText.accept(k, c.choices().get(0).text());
        }
        return new Completion(choices, got.promptTokens(), completionTokens);
    }

    /**
     * Posts the request and returns the 200 response, its body unread. A busy server (429, or 503 as llama.cpp's
     * while it loads the model) is asked again after the wait its {@code Retry-After} names, else after a doubling
     * backoff; so is a request the connection dropped before any answer. Any other status is a
     * {@link RemoteModelException} with the server's message.
     */
    private HttpResponse<InputStream> send(CompletionRequest request, int[] promptIds, boolean stream) {
        String body = OpenAiJson.requestJson(model, request, promptIds, stream).toString();
        HttpRequest.Builder b = HttpRequest.newBuilder(completions)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null && !apiKey.isEmpty()) b.header("Authorization", "Bearer " + apiKey);
        HttpRequest req = b.build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<InputStream> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw new RemoteModelException("no answer from " + completions + " within " + seconds(timeout));
            } catch (ConnectException e) {
                throw new RemoteModelException("cannot connect to " + completions + " (is the server running and the URL right?)");
            } catch (IOException e) {
                if (attempt >= retries) throw new RemoteModelException("request to " + completions + " failed: " + reason(e));
                sleep(backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteModelException("interrupted while waiting for " + completions);
            }
            int status = resp.statusCode();
            if (status == 200) return resp;
            String message = errorMessage(resp);
            if ((status == 429 || status == 503) && attempt < retries) {
                sleep(retryAfter(resp.headers()).orElse(backoff(attempt)));
                continue;
            }
            throw new RemoteModelException(switch (status) {
                case 401, 403 -> "the server rejected the API key (HTTP " + status + "): " + message;
                case 404 -> "not found at " + completions + " (wrong URL or model '" + model + "'?): " + message;
                case 429, 503 -> "the server at " + completions + " is busy (HTTP " + status
                        + (retries > 0 ? ", still after " + retries + " retries" : "") + "): " + message;
                default -> "HTTP " + status + " from " + completions + ": " + message;
            });
        }
    }

    /** An error response's message; its body is read whole, so the connection can serve the next request. */
    private String errorMessage(HttpResponse<InputStream> resp) {
        try {
            return ErrorBody.message(text(resp, timeout));
        } catch (IOException e) {
            return "(its body could not be read: " + reason(e) + ")";
        }
    }

    /**
     * The wait a busy server asks for: OpenAI's {@code retry-after-ms}, else {@code Retry-After} in seconds (some
     * gateways send fractions) or as an HTTP date; at most {@link #MAX_RETRY_WAIT}.
     */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Duration wait = null;
        try {
            Optional<String> ms = headers.firstValue("retry-after-ms");
            Optional<String> after = headers.firstValue("Retry-After");
            if (ms.isPresent()) {
                wait = Duration.ofMillis((long) Double.parseDouble(ms.get().trim()));
            } else if (after.isPresent()) {
                String v = after.get().trim();
                wait = v.matches("\\d+(\\.\\d+)?") ? Duration.ofMillis((long) (Double.parseDouble(v) * 1000))
                        : Duration.between(Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            }
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        if (wait == null) return Optional.empty();
        if (wait.isNegative()) wait = Duration.ZERO;
        return Optional.of(wait.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait);
    }

    /** 250 ms, doubling, at most 8 s. */
    private static Duration backoff(int attempt) {
        return Duration.ofMillis(250L << Math.min(attempt, 5));
    }

    /**
     * HTTP/1.1 only. On http:// URLs the JDK's client otherwise offers an h2c upgrade with every request, and
     * uvicorn with httptools (the server under vLLM and SGLang) loses the body of a POST that carries one
     * (Kludex/uvicorn#2722, MagicStack/httptools#124); older uvicorn answered such requests 400.
     */
    private static HttpClient http(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /** A response body as text: UTF-8 (JSON's encoding), unzipped if the server compressed it, bounded by {@code idle}. */
    private static BufferedReader reader(HttpResponse<InputStream> resp, Duration idle) throws IOException {
        InputStream in = new IdleTimeoutInputStream(resp.body(), idle);
        try {
            if (resp.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip")) in = new GZIPInputStream(in);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static String text(HttpResponse<InputStream> resp, Duration idle) throws IOException {
        try (BufferedReader in = reader(resp, idle)) {
            StringWriter out = new StringWriter();
            in.transferTo(out);
            return out.toString();
        }
    }

    /** A duration as people say it: "500 ms", "60 s". */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteModelException("interrupted during retry backoff");
        }
    }
}
