using System.Buffers;
using System.Text;

namespace Iqf.Data.Import;

/// <summary>
/// Passes a file's bytes through unchanged while checking that they are valid UTF-8, so a bad
/// byte is reported with the line and character position where it sits rather than silently
/// becoming a replacement character in the database.
/// </summary>
public sealed class Utf8CheckingStream(Stream inner) : Stream
{
    private readonly byte[] _carry = new byte[4];
    private int _carried;
    private long _line = 1;
    private long _column = 1;

    public override int Read(byte[] buffer, int offset, int count) => Check(buffer, offset, inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var n = await inner.ReadAsync(buffer, ct);
        return CheckSpan(buffer.Span[..n], n);
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        Check(buffer, offset, await inner.ReadAsync(buffer.AsMemory(offset, count), ct));

    private int Check(byte[] buffer, int offset, int n) => CheckSpan(buffer.AsSpan(offset, n), n);

    private int CheckSpan(ReadOnlySpan<byte> bytes, int n)
    {
        if (n == 0)
        {
            if (_carried > 0) throw new InvalidUtf8Exception(_line, _column);
            return 0;
        }
        var i = 0;
        // A character split across two reads: complete it from the start of this one.
        while (_carried > 0 && i < bytes.Length)
        {
            _carry[_carried++] = bytes[i++];
            var status = Rune.DecodeFromUtf8(_carry.AsSpan(0, _carried), out var rune, out var used);
            if (status == OperationStatus.NeedMoreData && _carried < 4) continue;
            if (status != OperationStatus.Done) throw new InvalidUtf8Exception(_line, _column);
            Advance(rune);
            _carried = 0;
        }
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80) { Advance(new Rune(b)); i++; continue; }
            var status = Rune.DecodeFromUtf8(bytes[i..], out var rune, out var used);
            if (status == OperationStatus.Done) { Advance(rune); i += used; continue; }
            if (status == OperationStatus.NeedMoreData)
            {
                bytes[i..].CopyTo(_carry);
                _carried = bytes.Length - i;
                break;
            }
            throw new InvalidUtf8Exception(_line, _column);
        }
        return n;
    }

    private void Advance(Rune r)
    {
        if (r.Value == '\n') { _line++; _column = 1; }
        else _column++;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
}

public sealed class InvalidUtf8Exception(long line, long column)
    : Exception($"line {line}, character {column}: the file is not valid UTF-8 here (save it as UTF-8 and try again)")
{
    public long Line { get; } = line;
    public long Column { get; } = column;
}
