package inferlab.serve;

import inferlab.model.LanguageModel;

/** A model behind the real server on an ephemeral loopback port; closing stops the server, the engine, the model. */
public record Loopback(LanguageModel model, BatchingEngine engine, OpenAiServer server) implements AutoCloseable {

    public static Loopback serve(LanguageModel model, String name, int maxBatch, OpenAiServer.Limits limits)
            throws java.io.IOException {
        BatchingEngine engine = new BatchingEngine(model, name, BatchingEngine.Mode.CONTINUOUS, maxBatch, 256);
        return new Loopback(model, engine,
                new OpenAiServer(engine, name, ChatTemplate.PLAIN, "127.0.0.1", 0, limits).start());
    }

    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        engine.close();
        model.close();
    }
}
