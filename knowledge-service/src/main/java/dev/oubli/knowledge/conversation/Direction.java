package dev.oubli.knowledge.conversation;

/** Whether a message came from a person to the agent, or from the agent. */
public enum Direction {
    INBOUND, OUTBOUND
}
