"""Loads a PixelCnn checkpoint into its PyTorch model with load_state_dict(strict=True) and prints the eval-mode bits
per dimension of the first N test images, to compare with Measure-PixelCnnLikelihood. A checkpoint of the tutorial's
PixelCnn loads into ../shared/reference's model; a Gated one (conditional or not) into examples/pytorch/pixelcnn_models.py,
scored with the images' MNIST labels.

Usage (PyTorch from Debian: apt-get install -y python3-torch):
  /usr/bin/python3 tests/reference/check_checkpoint.py model.safetensors [N]
"""
import gzip, json, math, os, sys
import torch, torch.nn.functional as F
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "pytorch"))  # the PyTorch models
from make_training_golden import PixelCNN, read_safetensors, read_images, ROOT
from pixelcnn_models import GatedPixelCNN


def read_labels(name, count):
    raw = gzip.open(os.path.join(ROOT, "module", "data", "mnist", name), "rb").read()
    return torch.frombuffer(bytearray(raw[8:8 + count]), dtype=torch.uint8).long()


def main():
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    raw = open(path, "rb").read()
    meta = json.loads(raw[8:8 + int.from_bytes(raw[:8], "little")]).get("__metadata__", {})
    state = read_safetensors(path)
    x = read_images("t10k-images-idx3-ubyte.gz", count)
    if "conv_vstack.conv.weight" in state:
        hidden = state["conv_vstack.conv.weight"].shape[0]
        classes = state["conv_layers.0.class_cond_vert.weight"].shape[0] if "conv_layers.0.class_cond_vert.weight" in state else 0
        model = GatedPixelCNN(hidden, classes)
        model.load_state_dict(state, strict=True)
        model.eval()
        labels = read_labels("t10k-labels-idx1-ubyte.gz", count) if classes else None
        with torch.no_grad():
            nats = F.cross_entropy(model(x, labels), x.long()).item()
        kind = f"Gated PixelCNN, hidden {hidden}, {classes} classes"
    else:
        model = PixelCNN(int(meta["hidden_dim"]))
        model.load_state_dict(state, strict=True)
        model.eval()
        with torch.no_grad():
            nats = F.cross_entropy(model(x.float() / 255.0), x.long()).item()
        kind = f"PixelCNN, hidden {meta['hidden_dim']}"
    print(f"{kind}: loaded {len(state)} tensors strictly; epoch {meta.get('pixelcnn.epoch')}; "
          f"{count} test images: {nats / math.log(2):.6f} bits/dim (torch {torch.__version__})")


if __name__ == "__main__":
    main()
