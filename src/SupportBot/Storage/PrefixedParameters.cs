using System.Data;
using Dapper;

namespace SupportBot.Storage;

/// Parameters named exactly as the SQL writes them ("@ConversationId"), for the statements every turn runs.
/// Dapper hands the provider bare names, and Microsoft.Data.Sqlite then looks each one up under every prefix it
/// knows (four native look-ups, each with its own UTF-8 copy of the name, and three new strings per parameter):
/// a third of the store's allocation on a turn. PostgreSQL takes either spelling.
internal sealed class PrefixedParameters : SqlMapper.IDynamicParameters
{
    private readonly List<KeyValuePair<string, object?>> _values;

    public PrefixedParameters(int capacity = 4) => _values = new(capacity);

    /// name is the parameter as the SQL writes it, "@" included.
    public PrefixedParameters Add(string name, object? value)
    {
        _values.Add(new(name, value));
        return this;
    }

    /// The values in the order they were added (SqliteHotCommand binds them where each statement names them).
    public IReadOnlyList<KeyValuePair<string, object?>> Values => _values;

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity) => AddTo(command);

    public void AddTo(IDbCommand command)
    {
        foreach (var (name, value) in _values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }
}
