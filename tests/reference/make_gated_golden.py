"""Golden outputs of the Gated PixelCNN in PyTorch (examples/pytorch/pixelcnn_models.py), for the xunit test that
checks PixelCnn's -Architecture Gated -Conditional model computes the same logits from the same weights.

Builds a class-conditional model with hidden size 8 from a fixed seed, gives every bias and embedding non-trivial
values, and writes its state_dict plus 'input' (the first three MNIST test images, uint8), 'labels' (int64) and
'logits' (eval mode) as one safetensors file.

Usage (from the repository root; PyTorch from Debian: apt-get install -y python3-torch):
  /usr/bin/python3 tests/reference/make_gated_golden.py tests/data/gated-conditional-h8.safetensors
"""
import gzip, json, os, struct, sys
import torch
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "pytorch"))  # the PyTorch models
from pixelcnn_models import GatedPixelCNN, save_safetensors

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def main():
    torch.manual_seed(20161128)
    model = GatedPixelCNN(8, classes=10)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias") or "class_cond" in name:
                p.copy_(torch.rand_like(p) - 0.5)
    model.eval()
    raw = gzip.open(os.path.join(ROOT, "module", "data", "mnist", "t10k-images-idx3-ubyte.gz"), "rb").read()
    images = torch.frombuffer(bytearray(raw[16:16 + 3 * 784]), dtype=torch.uint8).reshape(3, 1, 28, 28).clone()
    labels = torch.tensor([7, 2, 1], dtype=torch.int64)   # the first three test labels
    with torch.no_grad():
        logits = model(images, labels)
    tensors = dict(model.state_dict())
    tensors.update(input=images, labels=labels, logits=logits)
    save_safetensors(sys.argv[1], tensors, {"format": "pt", "source": "tests/reference/make_gated_golden.py", "torch": torch.__version__})
    print(f"wrote {len(tensors)} tensors to {sys.argv[1]}; logits {list(logits.shape)}")


if __name__ == "__main__":
    main()
