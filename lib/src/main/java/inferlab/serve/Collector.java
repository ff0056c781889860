package inferlab.serve;

import inferlab.model.Completion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Gathers a {@link TokenStream} into one {@link Completion}: the non-streaming answer. */
final class Collector implements TokenStream {
    final CompletableFuture<Completion> result = new CompletableFuture<>();
    private final StringBuilder[] texts;
    private final List<List<Token>> tokens = new ArrayList<>();
    private final String[] reasons;

    Collector(int choices) {
        texts = new StringBuilder[choices];
        reasons = new String[choices];
        for (int i = 0; i < choices; i++) {
            texts[i] = new StringBuilder();
            tokens.add(new ArrayList<>());
        }
    }

    /** Runs {@code job} on {@code model} and waits for the whole answer; interrupting the wait cancels the job. */
    static Completion await(StreamingModel model, Job job) {
        Collector c = new Collector(job.choices());
        StreamingModel.Handle h = model.submit(job, c);
        try {
            return c.result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            h.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    @Override
    public void onDelta(int choice, Delta d) {
        texts[choice].append(d.text());
        tokens.get(choice).addAll(d.tokens());
    }

    @Override
    public void onFinish(int choice, String reason) {
        reasons[choice] = reason;
    }

    @Override
    public void onComplete(int promptTokens, int completionTokens) {
        List<Completion.Choice> choices = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            List<String> pieces = new ArrayList<>();
            List<Double> lps = new ArrayList<>();
            List<Map<String, Double>> tops = new ArrayList<>();
            for (Token t : tokens.get(i)) {
                pieces.add(t.text());
                lps.add(t.logprob());
                tops.add(t.top());
            }
            choices.add(new Completion.Choice(texts[i].toString(), pieces, lps, tops, reasons[i]));
        }
        result.complete(new Completion(choices, promptTokens, completionTokens));
    }

    @Override
    public void onError(RuntimeException e) {
        result.completeExceptionally(e);
    }
}
