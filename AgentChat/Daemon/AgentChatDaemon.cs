using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.Client.AgentChat.Reputation;

namespace AgentPlatform.AgentChat.Daemon;

/// <summary>
/// One named daemon: keeps one connection (reconnecting with backoff and rejoining its channels), appends what it
/// receives to the inbox ring, and sends the outbox's lines, acking each only once the server has taken it
/// (<see cref="AgentChatClient.SendConfirmedAsync(string, string, long?, CancellationToken)"/>). COMPLETE and DISPUTE frames also become receipts and ratings.
/// </summary>
public sealed class AgentChatDaemon(DaemonOptions options, TextWriter? console = null)
{
    private readonly DaemonLog _log = new(options.Paths.Log, options.Time, console);

    /// <summary>The line on the wire and the ts it was first signed with, until its PONG confirms it.</summary>
    private (OutboxLine Line, long Ts)? _pending;

    /// <summary>Runs until cancelled; the pid file exists while it runs.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var paths = options.Paths;
        PrivateFiles.CreateDirectory(paths.Dir);
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        // Written aside and renamed, so whoever sees the file sees the whole pid (never an empty file mid-write).
        await File.WriteAllTextAsync(paths.Pid + ".tmp", pid, cancellationToken).ConfigureAwait(false);
        File.Move(paths.Pid + ".tmp", paths.Pid, overwrite: true);
        _log.Info("started", ("pid", Environment.ProcessId), ("instance", paths.Name), ("server", options.Server.ToString()));
        var inbox = new InboxRing(paths.Inbox, options.InboxCapacity);
        var outbox = new OutboxReader(paths, options.Time);
        var backoff = new Backoff(options.ReconnectDelay, options.MaxReconnectDelay);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await RunConnectionAsync(inbox, outbox, backoff, cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested) break;
                var delay = backoff.Next();
                _log.Info("reconnecting", ("delay_ms", (long)delay.TotalMilliseconds));
                await Task.Delay(delay, options.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping (SIGTERM, --stop): fall through to the cleanup.
        }
        finally
        {
            if (File.Exists(paths.Pid) && (await File.ReadAllTextAsync(paths.Pid, CancellationToken.None).ConfigureAwait(false)).Trim() == pid) File.Delete(paths.Pid);
            _log.Info("stopped", ("pid", Environment.ProcessId));
        }
    }

    private async Task RunConnectionAsync(InboxRing inbox, OutboxReader outbox, Backoff backoff, CancellationToken cancellationToken)
    {
        AgentChatClient client;
        try
        {
            client = await AgentChatClient.ConnectAsync(options.Server, new AgentChatClientOptions
            {
                Name = options.Name, Identity = options.Identity, Time = options.Time, KeepAliveInterval = TimeSpan.FromSeconds(60),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentChatException ex)
        {
            _log.Warn("connect_failed", ("code", ex.Code), ("message", ex.Message));
            return;
        }
        await using (client.ConfigureAwait(false))
        {
            _log.Info("connected", ("agent_id", client.AgentId));
            var joined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var channel in options.Channels)
            {
                if (await TryJoinAsync(client, channel, cancellationToken).ConfigureAwait(false)) joined.Add(AgentIds.Channel(channel));
            }
            backoff.Reset();
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pump = PumpAsync(client, inbox);
            var send = SendOutboxAsync(client, outbox, joined, connection.Token);
            await Task.WhenAny(pump, send).ConfigureAwait(false);
            await connection.CancelAsync().ConfigureAwait(false);
            try
            {
                await send.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The connection ended while the outbox waited.
            }
        }
        _log.Warn("disconnected");
    }

    private async Task<bool> TryJoinAsync(AgentChatClient client, string channel, CancellationToken cancellationToken)
    {
        try
        {
            await client.JoinAsync(channel, cancellationToken).ConfigureAwait(false);
            _log.Info("joined", ("channel", AgentIds.Channel(channel)));
            return true;
        }
        catch (AgentChatException ex)
        {
            _log.Warn("join_failed", ("channel", AgentIds.Channel(channel)), ("code", ex.Code));
            return false;
        }
    }

    private async Task PumpAsync(AgentChatClient client, InboxRing inbox)
    {
        var stateDir = options.StateDir;
        var proposals = new ProposalBook(Path.Combine(stateDir, "proposals.jsonl"));
        var receipts = new ReceiptStore(Path.Combine(stateDir, "receipts.jsonl"));
        await foreach (var frame in client.Incoming.ReadAllAsync().ConfigureAwait(false))
        {
            inbox.Append(frame);
            switch (frame.Type())
            {
                case "PROPOSAL":
                    proposals.Record(frame);
                    break;
                case "COMPLETE" or "DISPUTE":
                    var id = frame.Text("proposal_id") ?? "";
                    var receipt = receipts.Store(frame, client.AgentId, client.KnownProposal(id) ?? proposals.Find(id), options.Time.GetUtcNow());
                    if (receipt is not null)
                    {
                        var ratings = RatingStore.Load(Path.Combine(stateDir, "ratings.json"));
                        ratings.Apply(receipt, options.Time.GetUtcNow());
                        ratings.Save();
                        _log.Info("receipt_stored", ("proposal_id", id), ("type", frame.Type()));
                    }
                    break;
            }
        }
    }

    private async Task SendOutboxAsync(AgentChatClient client, OutboxReader outbox, HashSet<string> joined, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && client.IsConnected)
        {
            var line = outbox.Next();
            if (line is null)
            {
                await Task.Delay(options.OutboxPoll, options.Time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (string.IsNullOrWhiteSpace(line.Text))
            {
                outbox.Ack(line);
                continue;
            }
            if (!TryParse(line.Text, out var to, out var content))
            {
                Reject(line, "INVALID_LINE", "an outbox line is {\"to\": \"#channel\" or \"@agent\", \"content\": \"text\"}");
                outbox.Ack(line);
                continue;
            }
            try
            {
                if (to.StartsWith('#') && !joined.Contains(to))
                {
                    await client.JoinAsync(to, cancellationToken).ConfigureAwait(false);
                    joined.Add(to);
                }
                // Not cancelled by a stop: a line already on the wire is seen through to its PONG and acked, so a clean
                // stop never sends it twice (the wait is bounded by the client's request timeout).
                // A line resent after a connection dropped before its PONG keeps its first ts, so the copy is the same
                // signed message and receivers drop it on (from, ts, sig); the server may have relayed the first one.
                if (_pending is not { } pending || pending.Line != line) _pending = pending = (line, options.Time.GetUtcNow().ToUnixTimeMilliseconds());
                await client.SendConfirmedAsync(to, content, pending.Ts, CancellationToken.None).ConfigureAwait(false);
                _pending = null;
                outbox.Ack(line);
                _log.Info("sent", ("to", to), ("chars", content.Length));
            }
            catch (AgentChatException ex) when (ex.Code == "RATE_LIMITED")
            {
                _log.Warn("rate_limited", ("to", to));
                await Task.Delay(TimeSpan.FromSeconds(1), options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (AgentChatException ex) when (ex.Code is AgentChatException.Disconnected or AgentChatException.Timeout)
            {
                // Not confirmed: the line stays in the outbox and goes out on the next connection.
                _log.Warn("send_unconfirmed", ("to", to), ("code", ex.Code));
                return;
            }
            catch (AgentChatException ex)
            {
                Reject(line, ex.Code, ex.Message);
                outbox.Ack(line);
            }
        }
    }

    private void Reject(OutboxLine line, string code, string message)
    {
        _log.Warn("outbox_rejected", ("code", code), ("message", message));
        JsonLinesFile.Append(options.Paths.Rejected, new JsonObject { ["line"] = line.Text, ["code"] = code, ["message"] = message, ["ts"] = options.Time.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    /// <summary>Reads an outbox line, <c>{"to": …, "content": …}</c>; a bare agent name gets its <c>@</c>.</summary>
    public static bool TryParse(string text, out string to, out string content)
    {
        to = content = "";
        try
        {
            if (JsonNode.Parse(text) is not JsonObject line || line.Text("to") is not { Length: > 0 } target || line.Text("content") is not { } body) return false;
            to = target.StartsWith('#') ? target : AgentIds.Normalize(target);
            content = body;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
