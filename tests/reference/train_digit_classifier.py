"""Trains the tests' independent digit judge: a small CNN in plain PyTorch, on the 60,000 MNIST training images.

The network: conv 5x5 (1 -> 16) + ReLU + max-pool 2, conv 5x5 (16 -> 32) + ReLU + max-pool 2, linear 512 -> 64 + ReLU,
linear 64 -> 10, on pixels / 255. Adam (lr 1e-3), batch 64, 4 epochs, seed 0. Writes its weights (F32), the logits of
the first 16 MNIST test images (`golden_logits`) and, in the metadata, its accuracy on the 10,000 test images and the
number it got right, to tests/data/digit-classifier.safetensors. tests/tools/DigitClassifier.cs runs it in C#.

Usage (from the repository root; PyTorch from Debian: apt-get install -y python3-torch):
  /usr/bin/python3 tests/reference/train_digit_classifier.py tests/data/digit-classifier.safetensors
"""
import gzip, json, os, struct, sys
import torch, torch.nn as nn, torch.nn.functional as F
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "pytorch"))  # the PyTorch models
from pixelcnn_models import save_safetensors  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def read(name, offset, count, size):
    raw = gzip.open(os.path.join(ROOT, "module", "data", "mnist", name), "rb").read()
    return torch.frombuffer(bytearray(raw[offset:offset + count * size]), dtype=torch.uint8)


class DigitCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5)
        self.conv2 = nn.Conv2d(16, 32, 5)
        self.fc1 = nn.Linear(512, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


def main():
    torch.manual_seed(0)
    train_x = read("train-images-idx3-ubyte.gz", 16, 60000, 784).reshape(60000, 1, 28, 28).float() / 255
    train_y = read("train-labels-idx1-ubyte.gz", 8, 60000, 1).long()
    test_x = read("t10k-images-idx3-ubyte.gz", 16, 10000, 784).reshape(10000, 1, 28, 28).float() / 255
    test_y = read("t10k-labels-idx1-ubyte.gz", 8, 10000, 1).long()
    model = DigitCnn()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    for epoch in range(4):
        model.train()
        order = torch.randperm(60000)
        for b in range(0, 60000, 64):
            i = order[b:b + 64]
            loss = F.cross_entropy(model(train_x[i]), train_y[i])
            opt.zero_grad(); loss.backward(); opt.step()
        model.eval()
        with torch.no_grad():
            right = int((model(test_x).argmax(1) == test_y).sum())
        print(f"epoch {epoch + 1}: {right} of 10000 test digits right")
    with torch.no_grad():
        golden = model(test_x[:16])
    tensors = dict(model.state_dict())
    tensors["golden_logits"] = golden
    save_safetensors(sys.argv[1], tensors, {"test_right": str(right), "test_accuracy": str(right / 10000),
                                              "torch": torch.__version__, "script": "tests/reference/train_digit_classifier.py"})


if __name__ == "__main__":
    main()
