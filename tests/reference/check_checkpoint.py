"""Loads a PixelCnn checkpoint into the tutorial's PyTorch model with load_state_dict(strict=True) and prints the
eval-mode bits per dimension of the first N test images, to compare with Measure-PixelCnnLikelihood.

Usage (PyTorch from Debian: apt-get install -y python3-torch):
  /usr/bin/python3 tests/reference/check_checkpoint.py model.safetensors [N]
"""
import json, math, os, sys
import torch, torch.nn.functional as F
sys.path.insert(0, os.path.dirname(__file__))
from make_training_golden import PixelCNN, read_safetensors, read_images

def main():
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    raw = open(path, "rb").read()
    meta = json.loads(raw[8:8 + int.from_bytes(raw[:8], "little")]).get("__metadata__", {})
    state = read_safetensors(path)
    model = PixelCNN(int(meta["hidden_dim"]))
    model.load_state_dict(state, strict=True)
    model.eval()
    x = read_images("t10k-images-idx3-ubyte.gz", count)
    with torch.no_grad():
        nats = F.cross_entropy(model(x.float() / 255.0), x.long()).item()
    print(f"loaded {len(state)} tensors strictly; epoch {meta.get('pixelcnn.epoch')}; "
          f"{count} test images: {nats / math.log(2):.6f} bits/dim (torch {torch.__version__})")

if __name__ == "__main__":
    main()
