namespace PixelCnn.Rendering;

/// <summary>One point of a training history: an epoch and its bits per dimension.</summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="TrainBpd">Training bits per dimension.</param>
/// <param name="ValidationBpd">Validation bits per dimension, if measured.</param>
internal readonly record struct HistoryPoint(int Epoch, double TrainBpd, double? ValidationBpd);
