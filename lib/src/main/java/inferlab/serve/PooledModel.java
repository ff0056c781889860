package inferlab.serve;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Any {@link CompletionModel} (a shared-task system, a router) made servable: {@code threads} requests run at a
 * time, at most {@code queueCapacity} wait, and each choice is delivered whole when its request is done, so a
 * streaming client gets one chunk per choice. Token-id prompts are refused: such a model takes text.
 */
public final class PooledModel implements StreamingModel, AutoCloseable {
    private final CompletionModel model;
    private final ThreadPoolExecutor pool;
    private final int queueCapacity;

    public PooledModel(CompletionModel model, int threads, int queueCapacity) {
        this.model = model;
        this.queueCapacity = queueCapacity;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "inferlab-pooled");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public Completion complete(CompletionRequest request) {
        return model.complete(request);
    }

    @Override
    public int contextLength() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Handle submit(Job job, TokenStream out) {
        if (pool.isShutdown()) throw new IllegalStateException("the server is shutting down");
        // the model decodes as it likes: the answer would be free text with a 200
        if (job.structure() != null) {
            throw new UnsupportedOperationException("structured output ('response_format', a named 'tool_choice') needs a model"
                    + " this server decodes itself; '" + model.name() + "' is not one");
        }
        List<CompletionRequest> requests = new ArrayList<>();
        for (Job.Prompt p : job.prompts()) {
            if (p.text() == null) throw new IllegalArgumentException("this server's model takes text prompts, not token ids");
            CompletionRequest r = job.params();
            requests.add(new CompletionRequest(p.text(), r.maxTokens(), r.temperature(), r.topP(), r.topK(), r.minP(),
                    r.seed(), r.stop(), r.n(), r.logprobs(), r.echo()));
        }
        Future<?> f;
        try {
            f = pool.submit(() -> {
                int promptTokens = 0, completionTokens = 0, choice = 0;
                try {
                    for (CompletionRequest r : requests) {
                        Completion c = model.complete(r);
                        promptTokens += c.promptTokens();
                        completionTokens += c.completionTokens();
                        for (Completion.Choice ch : c.choices()) {
                            List<TokenStream.Token> tokens = new ArrayList<>();
                            for (int i = 0; i < ch.tokens().size(); i++) {
                                tokens.add(new TokenStream.Token(ch.tokens().get(i), ch.tokenLogprobs().get(i),
                                        ch.topLogprobs().isEmpty() ? null : ch.topLogprobs().get(i)));
                            }
                            out.onDelta(choice, new TokenStream.Delta(ch.text(), tokens));
                            out.onFinish(choice++, ch.finishReason());
                        }
                    }
                } catch (RuntimeException e) {
                    out.onError(e);
                    return;
                }
                out.onComplete(promptTokens, completionTokens);
            });
        } catch (RejectedExecutionException full) {
            throw new Overloaded("the queue is full (" + queueCapacity + " waiting requests); retry later");
        }
        return () -> f.cancel(true);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
