using System.Numerics.Tensors;

namespace SupportBot.Knowledge;

/// The indexed sections' embedding vectors, scaled to unit length so that a dot product is the cosine similarity,
/// in one block of rows, each row remembering the position of its section in the list they were aligned with.
/// A section without a vector is absent here: similarity search skips it, keyword search still finds it.
/// Brute force on purpose: a knowledge base holds thousands of sections, a dot product each takes milliseconds
/// for all of them, and there is no approximate index to build or tune.
internal sealed class SectionVectors
{
    public static readonly SectionVectors None = new([], [], 0);

    // Lower similarity is worse; between equals the later section is, so equal vectors rank in knowledge-base order.
    private static readonly Comparer<(float Similarity, int Row)> WorstFirst = Comparer<(float Similarity, int Row)>.Create(
        (a, b) => a.Similarity != b.Similarity ? a.Similarity.CompareTo(b.Similarity) : b.Row.CompareTo(a.Row));

    private readonly float[] _rows;
    private readonly int[] _positions;
    private readonly int _dimensions;

    private SectionVectors(float[] rows, int[] positions, int dimensions)
    {
        _rows = rows;
        _positions = positions;
        _dimensions = dimensions;
    }

    public int Count => _positions.Length;

    /// The vectors of the given sections, matched by section id. Vectors of another length than the first one
    /// (a model changed under the same name) or of zero length cannot be compared and are left out.
    public static SectionVectors Align(IReadOnlyList<KnowledgeSection> sections, IReadOnlyDictionary<string, float[]> bySectionId)
    {
        var kept = new List<(int Position, float[] Vector, float Norm)>();
        var dimensions = 0;
        for (var position = 0; position < sections.Count; position++)
        {
            if (!bySectionId.TryGetValue(sections[position].Id, out var vector) || vector.Length == 0)
            {
                continue;
            }
            dimensions = dimensions == 0 ? vector.Length : dimensions;
            var norm = TensorPrimitives.Norm(vector);
            if (vector.Length == dimensions && norm > 0 && float.IsFinite(norm))
            {
                kept.Add((position, vector, norm));
            }
        }
        var rows = new float[kept.Count * dimensions];
        for (var row = 0; row < kept.Count; row++)
        {
            TensorPrimitives.Divide(kept[row].Vector, kept[row].Norm, rows.AsSpan(row * dimensions, dimensions));
        }
        return new SectionVectors(rows, [.. kept.Select(k => k.Position)], dimensions);
    }

    /// Positions of the sections nearest the vector by cosine similarity, best first, among those `include`
    /// accepts. Only sections pointing the same way at all (similarity above zero) are near.
    public IReadOnlyList<(int Position, double Similarity)> Nearest(ReadOnlySpan<float> vector, int top, Func<int, bool> include)
    {
        var norm = vector.Length == _dimensions ? TensorPrimitives.Norm(vector) : 0;
        if (Count == 0 || top <= 0 || norm <= 0 || !float.IsFinite(norm))
        {
            return [];
        }
        // A min-heap of the best so far: its root is the one to drop when a nearer section turns up.
        var best = new PriorityQueue<int, (float Similarity, int Row)>(top + 1, WorstFirst);
        for (var row = 0; row < _positions.Length; row++)
        {
            if (!include(_positions[row]))
            {
                continue;
            }
            var similarity = TensorPrimitives.Dot(vector, _rows.AsSpan(row * _dimensions, _dimensions)) / norm;
            if (similarity <= 0)
            {
                continue;
            }
            if (best.Count < top)
            {
                best.Enqueue(row, (similarity, row));
            }
            else if (best.TryPeek(out _, out var worst) && WorstFirst.Compare((similarity, row), worst) > 0)
            {
                best.DequeueEnqueue(row, (similarity, row));
            }
        }
        var nearest = new (int Position, double Similarity)[best.Count];
        for (var i = nearest.Length - 1; i >= 0; i--)
        {
            best.TryDequeue(out var row, out var priority);
            nearest[i] = (_positions[row], priority.Similarity);
        }
        return nearest;
    }
}
