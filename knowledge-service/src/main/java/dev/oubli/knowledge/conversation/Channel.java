package dev.oubli.knowledge.conversation;

/** How an agent talks with people. */
public enum Channel {
    EMAIL, CALL, CHAT, SMS
}
