"""Golden logits of checkpoints the module wrote, computed by PyTorch: the module-to-PyTorch direction of interop.

Loads tests/data/module-pixelcnn-h8.safetensors into the tutorial's model (../shared/reference) and
tests/data/module-gated-h8.safetensors and module-gated-conditional-h8.safetensors into
examples/pytorch/pixelcnn_models.py, all with
load_state_dict(strict=True), and records in eval mode, for the first three MNIST test images (labels 7, 2, 1 for the
conditional model): each image's negative log-likelihood summed over its 784 pixels (nats), and the 256 logits of
pixels 0, 200, 400 and 783 of each image. The checkpoints are written by tests/reference/Save-ModuleCheckpoints.ps1.

Usage (from the repository root; PyTorch from Debian: apt-get install -y python3-torch):
  /usr/bin/python3 tests/reference/make_module_checkpoint_golden.py tests/data/module-checkpoints-golden.json
"""
import json, os, sys
import torch, torch.nn.functional as F
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "pytorch"))  # the PyTorch models
from make_training_golden import PixelCNN, read_images, ROOT
from check_checkpoint import read_labels
from pixelcnn_models import GatedPixelCNN
from golden_io import read_safetensors

IMAGES, PIXELS = 3, [0, 200, 400, 783]


def score(model, x, labels, scaled_inside=False):
    model.eval()
    with torch.no_grad():
        # The Gated models scale their input themselves; the tutorial's takes [0,1]. [B,256,1,28,28] or [B,256,28,28].
        logits = model(x, labels) if labels is not None or scaled_inside else model(x.float() / 255.0)
    logits = logits.reshape(IMAGES, 256, 784)
    nll = F.cross_entropy(logits, x.reshape(IMAGES, 784).long(), reduction="none").sum(dim=1)
    return {"nll": nll.double().tolist(),
            "pixels": PIXELS,
            "logits": [[logits[i, :, p].double().tolist() for p in PIXELS] for i in range(IMAGES)]}


def main():
    torch.set_num_threads(1)
    x = read_images("t10k-images-idx3-ubyte.gz", IMAGES)
    tutorial = PixelCNN(8)
    tutorial.load_state_dict(read_safetensors(os.path.join(ROOT, "tests", "data", "module-pixelcnn-h8.safetensors")), strict=True)
    unconditional = GatedPixelCNN(8)
    unconditional.load_state_dict(read_safetensors(os.path.join(ROOT, "tests", "data", "module-gated-h8.safetensors")), strict=True)
    gated = GatedPixelCNN(8, 10)
    gated.load_state_dict(read_safetensors(os.path.join(ROOT, "tests", "data", "module-gated-conditional-h8.safetensors")), strict=True)
    golden = {"torch": torch.__version__, "images": IMAGES,
              "pixelcnn": score(tutorial, x, None),
              "gated": score(unconditional, x, None, scaled_inside=True),
              "gated_conditional": score(gated, x, read_labels("t10k-labels-idx1-ubyte.gz", IMAGES))}
    with open(sys.argv[1], "w") as f:
        json.dump(golden, f, indent=1)


if __name__ == "__main__":
    main()
