#nullable disable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace PixelCnnTests
{
    /// <summary>
    /// The tests' independent judge of drawn digits: the small CNN that tests/reference/train_digit_classifier.py
    /// trained in PyTorch (its weights in tests/data/digit-classifier.safetensors), evaluated here in plain C#, with
    /// nothing of the module or TorchSharp. Compiled by the xunit project and by the Pester helpers (Add-Type).
    /// </summary>
    public sealed class DigitClassifier
    {
        private readonly Dictionary<string, float[]> weights = new Dictionary<string, float[]>();

        /// <summary>Loads the classifier's safetensors file.</summary>
        public DigitClassifier(string path)
        {
            byte[] raw = File.ReadAllBytes(path);
            long length = BitConverter.ToInt64(raw, 0);
            using (JsonDocument header = JsonDocument.Parse(new ReadOnlyMemory<byte>(raw, 8, (int)length)))
            {
                foreach (JsonProperty entry in header.RootElement.EnumerateObject())
                {
                    if (entry.Name == "__metadata__")
                    {
                        this.Metadata = new Dictionary<string, string>();
                        foreach (JsonProperty m in entry.Value.EnumerateObject())
                        {
                            this.Metadata[m.Name] = m.Value.GetString();
                        }
                        continue;
                    }

                    long begin = entry.Value.GetProperty("data_offsets")[0].GetInt64();
                    long end = entry.Value.GetProperty("data_offsets")[1].GetInt64();
                    var values = new float[(end - begin) / 4];
                    Buffer.BlockCopy(raw, (int)(8 + length + begin), values, 0, values.Length * 4);
                    this.weights[entry.Name] = values;
                }
            }
        }

        /// <summary>The file's metadata: the PyTorch script's test accuracy and count of right digits.</summary>
        public Dictionary<string, string> Metadata { get; private set; }

        /// <summary>A tensor of the file (weights, or the golden logits of the first 16 test images), flat.</summary>
        public float[] Tensor(string name) => this.weights[name];

        /// <summary>The predicted digit of a 28x28 image (pixel values 0-255, row-major).</summary>
        public int Classify(byte[] pixels)
        {
            float[] logits = this.Logits(pixels);
            int best = 0;
            for (int i = 1; i < logits.Length; i++)
            {
                if (logits[i] > logits[best])
                {
                    best = i;
                }
            }
            return best;
        }

        /// <summary>The ten logits of a 28x28 image, as PyTorch computes them (float32).</summary>
        public float[] Logits(byte[] pixels)
        {
            var x = new float[784];
            for (int i = 0; i < 784; i++)
            {
                x[i] = pixels[i] / 255f;
            }
            float[] a = Pool(
                Relu(Convolve(x, 1, 28, this.weights["conv1.weight"], this.weights["conv1.bias"], 16)),
                16,
                24
            ); // [16,12,12]
            float[] b = Pool(
                Relu(Convolve(a, 16, 12, this.weights["conv2.weight"], this.weights["conv2.bias"], 32)),
                32,
                8
            ); // [32,4,4]
            float[] h = Relu(Linear(b, this.weights["fc1.weight"], this.weights["fc1.bias"], 64));
            return Linear(h, this.weights["fc2.weight"], this.weights["fc2.bias"], 10);
        }

        private static float[] Convolve(
            float[] input,
            int channels,
            int size,
            float[] weight,
            float[] bias,
            int outputs
        )
        {
            int k = 5,
                outSize = size - k + 1;
            var output = new float[outputs * outSize * outSize];
            for (int o = 0; o < outputs; o++)
            {
                for (int r = 0; r < outSize; r++)
                {
                    for (int c = 0; c < outSize; c++)
                    {
                        float sum = bias[o];
                        for (int i = 0; i < channels; i++)
                        {
                            for (int u = 0; u < k; u++)
                            {
                                for (int v = 0; v < k; v++)
                                {
                                    sum +=
                                        weight[(((o * channels) + i) * k + u) * k + v]
                                        * input[(i * size + r + u) * size + c + v];
                                }
                            }
                        }

                        output[(o * outSize + r) * outSize + c] = sum;
                    }
                }
            }

            return output;
        }

        private static float[] Pool(float[] input, int channels, int size)
        {
            int half = size / 2;
            var output = new float[channels * half * half];
            for (int ch = 0; ch < channels; ch++)
            {
                for (int r = 0; r < half; r++)
                {
                    for (int c = 0; c < half; c++)
                    {
                        int at = (ch * size + 2 * r) * size + 2 * c;
                        output[(ch * half + r) * half + c] = Math.Max(
                            Math.Max(input[at], input[at + 1]),
                            Math.Max(input[at + size], input[at + size + 1])
                        );
                    }
                }
            }

            return output;
        }

        private static float[] Linear(float[] input, float[] weight, float[] bias, int outputs)
        {
            var output = new float[outputs];
            for (int o = 0; o < outputs; o++)
            {
                float sum = bias[o];
                for (int i = 0; i < input.Length; i++)
                {
                    sum += weight[o * input.Length + i] * input[i];
                }
                output[o] = sum;
            }

            return output;
        }

        private static float[] Relu(float[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Math.Max(0f, values[i]);
            }
            return values;
        }
    }
}
