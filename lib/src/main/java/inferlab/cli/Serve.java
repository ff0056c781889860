package inferlab.cli;

import inferlab.model.Transformer;
import inferlab.model.Models;
import inferlab.serve.BatchingEngine;
import inferlab.serve.ChatTemplate;
import inferlab.serve.OpenAiServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code serve}: serves a model over the OpenAI completions and chat-completions API until stopped. Binds to
 * loopback unless {@code --host} says otherwise.
 */
@picocli.CommandLine.Command(name = "serve", sortOptions = false,
        description = "Serves a model over the OpenAI completions and chat-completions API until stopped.")
public final class Serve implements Command {
    @Option(names = "--model", paramLabel = "DIR|ORG/NAME")
    String modelArg;
    @Option(names = "--port", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int port = 8000;
    @Option(names = "--host", description = "default ${DEFAULT-VALUE}")
    String host = "127.0.0.1";
    @Option(names = "--name", description = "served model name, default: the model directory's")
    String name;
    @Option(names = "--batching", description = "${COMPLETION-CANDIDATES}, default ${DEFAULT-VALUE}")
    BatchingEngine.Mode mode = BatchingEngine.Mode.CONTINUOUS;
    @Option(names = "--max-batch", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int maxBatch = 16;
    @Option(names = "--max-concurrent", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int maxConcurrent = 64;
    @Option(names = "--max-tokens", paramLabel = "N", description = "per request, default: the model's context")
    Integer maxTokens;
    @Option(names = "--max-prompt-tokens", paramLabel = "N", description = "default: the model's context")
    Integer maxPrompt;

    @Override
    public void run(PrintStream out) throws Exception {
        Limits.range("--port", port, 0, 65535);
        Limits.range("--max-batch", maxBatch, 1, 1024);
        Limits.range("--max-concurrent", maxConcurrent, 1, 4096);
        Transformer model = modelArg == null ? Models.defaultModel() : Models.load(modelArg);
        int context = model.config().maxPositions();
        var limits = new OpenAiServer.Limits(maxConcurrent,
                Limits.range("--max-tokens", maxTokens == null ? context : maxTokens, 1, context), 1 << 20);
        int maxPrompt = Limits.range("--max-prompt-tokens", this.maxPrompt == null ? context : this.maxPrompt, 1, context);
        Path dir = modelArg != null && Files.isDirectory(Path.of(modelArg)) ? Path.of(modelArg) : null;
        String name = this.name != null ? this.name : modelArg == null ? "inferlab-target" : Path.of(modelArg).getFileName().toString();
        BatchingEngine engine = new BatchingEngine(model, name, mode, maxBatch, maxPrompt);
        OpenAiServer server = new OpenAiServer(engine, name, ChatTemplate.of(dir), host, port, limits).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
            model.close();
        }));
        out.println("{\"url\": \"" + server.url() + "\", \"model\": \"" + name + "\", \"batching\": \"" + mode.name().toLowerCase() + "\"}");
        out.flush();
        Thread.currentThread().join();
    }
}
