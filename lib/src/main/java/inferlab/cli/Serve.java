package inferlab.cli;

import com.google.gson.JsonObject;
import inferlab.model.Models;
import inferlab.model.Transformer;
import inferlab.serve.BatchingEngine;
import inferlab.serve.ChatTemplate;
import inferlab.serve.OpenAiServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code serve}: serves a model over the OpenAI completions and chat-completions API until stopped. Binds to
 * loopback unless {@code --host} says otherwise (with a warning when no API key guards it). Requests beyond the
 * running batch wait in a bounded queue, sized for the shared task's 300 concurrent requests; only a full queue
 * refuses (429). The API key comes from {@code --api-key} or {@code INFERLAB_API_KEY} and is never printed.
 */
@picocli.CommandLine.Command(name = "serve", sortOptions = false,
        description = "Serves a model over the OpenAI completions and chat-completions API until stopped.")
public final class Serve implements Command {
    @Option(names = "--model", paramLabel = "DIR|ORG/NAME")
    String modelArg;
    @Option(names = "--port", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int port = 8000;
    @Option(names = "--host", description = "default ${DEFAULT-VALUE} (loopback)")
    String host = "127.0.0.1";
    @Option(names = "--name", description = "served model name, default: the model directory's")
    String name;
    @Option(names = "--api-key", paramLabel = "KEY", description = "require 'Authorization: Bearer KEY'; default: INFERLAB_API_KEY if set")
    String apiKey;
    @Option(names = "--batching", description = "${COMPLETION-CANDIDATES}, default ${DEFAULT-VALUE}")
    BatchingEngine.Mode mode = BatchingEngine.Mode.CONTINUOUS;
    @Option(names = "--max-batch", paramLabel = "N", description = "sequences per step, default ${DEFAULT-VALUE}")
    int maxBatch = 16;
    @Option(names = "--queue", paramLabel = "N", description = "sequences waiting beyond the batch, default ${DEFAULT-VALUE}")
    int queue = BatchingEngine.DEFAULT_QUEUE;
    @Option(names = "--max-connections", paramLabel = "N", description = "open connections, default ${DEFAULT-VALUE}")
    int maxConnections = OpenAiServer.Limits.defaults().maxConnections();
    @Option(names = "--max-choices", paramLabel = "N", description = "n times prompts per request, default ${DEFAULT-VALUE}")
    int maxChoices = OpenAiServer.Limits.defaults().maxChoices();
    @Option(names = "--max-tokens", paramLabel = "N", description = "per request, default: the model's context")
    Integer maxTokens;
    @Option(names = "--max-prompt-tokens", paramLabel = "N", description = "default: the model's context")
    Integer maxPrompt;
    @Option(names = "--max-body-bytes", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int maxBody = OpenAiServer.Limits.defaults().maxBodyBytes();
    @Option(names = "--idle-timeout", paramLabel = "S", description = "seconds a silent connection is kept, default ${DEFAULT-VALUE}")
    int idleSeconds = (int) OpenAiServer.Limits.defaults().idleTimeout().toSeconds();
    @Option(names = "--body-timeout", paramLabel = "S", description = "seconds a request body may take (and a head, twice over), default ${DEFAULT-VALUE}")
    int bodySeconds = (int) OpenAiServer.Limits.defaults().bodyTimeout().toSeconds();

    @Override
    public void run(PrintStream out) throws Exception {
        Limits.range("--port", port, 0, 65535);
        Limits.range("--max-batch", maxBatch, 1, 1024);
        Limits.range("--queue", queue, 1, 1 << 16);
        Limits.range("--max-connections", maxConnections, 1, 1 << 16);
        Limits.range("--max-choices", maxChoices, 1, 128);
        Limits.range("--max-body-bytes", maxBody, 1024, 1 << 28);
        Limits.range("--idle-timeout", idleSeconds, 1, 3600);
        Limits.range("--body-timeout", bodySeconds, 1, 3600);
        String key = apiKey != null ? apiKey : System.getenv("INFERLAB_API_KEY");
        if (key != null && key.isBlank()) throw new IllegalArgumentException("--api-key must not be empty");
        if (name != null && (name.isBlank() || !name.strip().equals(name))) { // clients send it back in 'model'
            throw new IllegalArgumentException("--name must be a name without leading or trailing blanks, got '" + name + "'");
        }
        Path dir = modelArg == null ? Models.defaultDir() : Models.resolve(modelArg, Models.hubCache());
        ChatTemplate template = ChatTemplate.of(dir); // before the weights: a template that cannot be rendered fails fast
        Transformer model = Transformer.load(dir);
        int context = model.config().maxPositions();
        var limits = new OpenAiServer.Limits(maxConnections,
                Limits.range("--max-tokens", maxTokens == null ? context : maxTokens, 1, context), maxBody, maxChoices,
                Duration.ofSeconds(idleSeconds), Duration.ofSeconds(bodySeconds));
        int maxPrompt = Limits.range("--max-prompt-tokens", this.maxPrompt == null ? context : this.maxPrompt, 1, context);
        String name = this.name != null ? this.name : modelArg == null ? "inferlab-target" : Path.of(modelArg).getFileName().toString();
        BatchingEngine engine = new BatchingEngine(model, name, mode, maxBatch, maxPrompt, queue);
        OpenAiServer server = new OpenAiServer(engine, name, template, host, port, limits, key).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
            model.close();
        }));
        out.println(startLine(server.url(), name, mode, key != null));
        out.flush();
        Thread.currentThread().join();
    }

    /** What the server prints once it listens, as JSON: the name is any directory's or the user's, quotes and all. */
    static String startLine(String url, String name, BatchingEngine.Mode mode, boolean apiKey) {
        JsonObject o = new JsonObject();
        o.addProperty("url", url);
        o.addProperty("model", name);
        o.addProperty("batching", mode.name().toLowerCase(Locale.ROOT));
        o.addProperty("api_key", apiKey);
        return o.toString();
    }
}
