package inferlab.task;

/**
 * Decides whether a response meets one requirement of an instruction prompt. The default is the
 * programmatic checker; a served language model can implement this interface as an LLM judge.
 */
@FunctionalInterface
public interface Judge {
    boolean judge(String prompt, Requirement requirement, String response);

    /** {@link Requirement#test}: deterministic, no model. */
    Judge PROGRAMMATIC = (prompt, requirement, response) -> requirement.test(response);
}
