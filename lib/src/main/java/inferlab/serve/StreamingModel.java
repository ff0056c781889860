package inferlab.serve;

import inferlab.model.CompletionModel;

/**
 * A {@link CompletionModel} that can also stream: what {@link OpenAiServer} runs requests on. {@link BatchingEngine}
 * streams token by token; {@link PooledModel} wraps any other model and delivers each choice whole.
 */
public interface StreamingModel extends CompletionModel {

    /** A submitted job; cancelling drops its work (its client went away) and calls nothing more on its stream. */
    interface Handle {
        void cancel();
    }

    /**
     * Queues {@code job}, whose output goes to {@code out}. Refuses at once, before queueing anything, with
     * {@link IllegalArgumentException} for a job the model cannot serve (a prompt too long for its context, say),
     * {@link Overloaded} when the queue is full and {@link IllegalStateException} once closed.
     */
    Handle submit(Job job, TokenStream out);

    /** Tokens the model takes at most, prompt and completion together. */
    int contextLength();
}
