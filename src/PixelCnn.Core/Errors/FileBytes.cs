using System.IO;

namespace PixelCnn.Errors;

/// <summary>
/// Reads a whole file the module was asked to read, as one error flow: a missing file or folder is
/// <see cref="PixelCnnErrorKind.ObjectNotFound"/>, any other failure to read it <see
/// cref="PixelCnnErrorKind.ReadError"/>, each naming the file as the user knows it ("Checkpoint 'x'", "MNIST file
/// 'x'").
/// </summary>
internal static class FileBytes
{
    /// <summary>The file's bytes, or the error that says why they cannot be read.</summary>
    public static byte[] Read(string path, string what, string notFoundId, string readFailedId)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PixelCnnException(
                $"{what} '{path}' does not exist.",
                notFoundId,
                PixelCnnErrorKind.ObjectNotFound,
                path,
                e
            );
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PixelCnnException(
                $"{what} '{path}' cannot be read: {e.Message}",
                readFailedId,
                PixelCnnErrorKind.ReadError,
                path,
                e
            );
        }
    }
}
