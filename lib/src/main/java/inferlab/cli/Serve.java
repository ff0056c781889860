package inferlab.cli;

import inferlab.model.LanguageModel;
import inferlab.model.Models;
import inferlab.serve.BatchingEngine;
import inferlab.serve.ChatTemplate;
import inferlab.serve.OpenAiServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code serve}: serves a model over the OpenAI completions and chat-completions API until stopped. Binds to
 * loopback unless {@code --host} says otherwise.
 */
public final class Serve implements Command {
    @Override
    public String usage() {
        return "serve [--model DIR|ORG/NAME] [--port 8000] [--host 127.0.0.1] [--name NAME] [--batching continuous|static]"
                + " [--max-batch 16] [--max-concurrent 64] [--max-tokens 1024] [--max-prompt-tokens 2048]";
    }

    @Override
    public void run(Options o, PrintStream out) throws Exception {
        String modelArg = o.string("model", null);
        int port = o.integer("port", 8000);
        String host = o.string("host", "127.0.0.1");
        BatchingEngine.Mode mode = switch (o.string("batching", "continuous")) {
            case "continuous" -> BatchingEngine.Mode.CONTINUOUS;
            case "static" -> BatchingEngine.Mode.STATIC;
            default -> throw new IllegalArgumentException("--batching must be continuous or static");
        };
        int maxBatch = o.integer("max-batch", 16);
        var limits = new OpenAiServer.Limits(o.integer("max-concurrent", 64), o.integer("max-tokens", 1024), 1 << 20);
        int maxPrompt = o.integer("max-prompt-tokens", 2048);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be in [0, 65535]");
        if (limits.maxConcurrent() < 1 || limits.maxTokens() < 1) throw new IllegalArgumentException("limits must be >= 1");
        LanguageModel model = modelArg == null ? Models.defaultModel() : Models.load(modelArg);
        Path dir = modelArg != null && Files.isDirectory(Path.of(modelArg)) ? Path.of(modelArg) : null;
        String name = o.string("name", modelArg == null ? "inferlab-target" : Path.of(modelArg).getFileName().toString());
        o.requireAllRead();
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
