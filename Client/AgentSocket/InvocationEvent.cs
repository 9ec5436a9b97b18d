namespace AgentPlatform.Client.AgentSocket;

/// <summary>Something that happened in one invocation, in wire order: chunk, tools, request, then complete.</summary>
public abstract record InvocationEvent(string InvocationId);
