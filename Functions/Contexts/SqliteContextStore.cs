using AgentPlatform.Agents;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Functions.Contexts;

/// <summary>
/// The embedded default store: one SQLite file, a row per context key with its version. The conditional
/// UPDATE/INSERT makes the version check and the write one atomic statement, so several Functions processes
/// may share the file.
/// </summary>
public sealed class SqliteContextStore : IContextStore
{
    private readonly string _connectionString;

    public SqliteContextStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Concurrent writers wait for the lock instead of failing with SQLITE_BUSY.
            DefaultTimeout = 30,
        }.ToString();
        Path = path;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS contexts (
                key TEXT PRIMARY KEY NOT NULL,
                version INTEGER NOT NULL,
                data BLOB NOT NULL,
                updated TEXT NOT NULL
            );
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async ValueTask<StoredContext> LoadAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, data FROM contexts WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return StoredContext.Empty;
        return new StoredContext(reader.GetInt64(0), (byte[])reader.GetValue(1));
    }

    /// <inheritdoc />
    public async ValueTask<bool> TrySaveAsync(string key, long expectedVersion, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = expectedVersion == 0
            ? "INSERT INTO contexts (key, version, data, updated) VALUES ($key, 1, $data, $now) ON CONFLICT(key) DO NOTHING"
            : "UPDATE contexts SET version = version + 1, data = $data, updated = $now WHERE key = $key AND version = $expected";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$expected", expectedVersion);
        command.Parameters.Add("$data", SqliteType.Blob).Value = data.ToArray();
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // WAL + NORMAL: a commit survives a killed process (what statelessness needs) without an fsync per save;
        // only an OS crash or power loss can drop the last commits.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
