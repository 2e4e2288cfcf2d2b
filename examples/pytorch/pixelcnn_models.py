"""PixelCnn's two architectures in PyTorch, with the module's state names and tensor shapes, so a checkpoint written
by either side loads on the other (here with load_state_dict(strict=True); in PowerShell with Import-PixelCnn).

- PixelCNN: the seed tutorial's network (van den Oord et al. 2016): a 7x7 type-A masked convolution to 2h channels,
  seven residual blocks (1x1, 3x3 type-B masked with dilations 1,2,1,3,1,2,1, 1x1; BatchNorm and ReLU after each),
  a 1x1 head and 256 logits per pixel; input x / 255.
- GatedPixelCNN: laid out as the UvA deep-learning course's tutorial (Tutorial 12, "Autoregressive Image Modeling")
  builds it, plus the class conditioning PixelCnn adds: two embeddings of the label per gated block (class_cond_vert,
  class_cond_horiz, 2h values each) added to the vertical and horizontal pre-gate features; input x / 255 * 2 - 1.

Both take uint8 images [B,1,28,28] and return logits [B,256,1,28,28]. Masks are buffers, applied in the forward pass
(weight x mask), never written into the weights.
"""
import json, struct
import torch, torch.nn as nn, torch.nn.functional as F


class MaskedConvolution(nn.Module):
    """A convolution whose weight is multiplied by a fixed mask. The Gated network keeps the mask as [1,1,kh,kw], the
    tutorial's as [kh,kw] (mask_rank 2), as their PyTorch originals do."""
    def __init__(self, c_in, c_out, mask, dilation=1, mask_rank=4):
        super().__init__()
        kernel_size = (mask.shape[0], mask.shape[1])
        padding = tuple(dilation * (kernel_size[i] - 1) // 2 for i in range(2))
        self.conv = nn.Conv2d(c_in, c_out, kernel_size, padding=padding, dilation=dilation)
        self.register_buffer("mask", mask[None, None] if mask_rank == 4 else mask.clone())

    def forward(self, x):
        # The tutorial writes the masked weights in place; multiplying in the forward pass gives the same output.
        return F.conv2d(x, self.conv.weight * self.mask, self.conv.bias, padding=self.conv.padding, dilation=self.conv.dilation)


def vertical_mask(kernel_size=3, mask_center=False):
    mask = torch.ones(kernel_size, kernel_size)
    mask[kernel_size // 2 + 1:, :] = 0
    if mask_center:
        mask[kernel_size // 2, :] = 0
    return mask


def horizontal_mask(kernel_size=3, mask_center=False):
    mask = torch.ones(1, kernel_size)
    mask[0, kernel_size // 2 + 1:] = 0
    if mask_center:
        mask[0, kernel_size // 2] = 0
    return mask


class GatedMaskedConv(nn.Module):
    def __init__(self, c_in, dilation=1, classes=0):
        super().__init__()
        self.conv_vert = MaskedConvolution(c_in, 2 * c_in, vertical_mask(), dilation)
        self.conv_horiz = MaskedConvolution(c_in, 2 * c_in, horizontal_mask(), dilation)
        self.conv_vert_to_horiz = nn.Conv2d(2 * c_in, 2 * c_in, kernel_size=1)
        self.conv_horiz_1x1 = nn.Conv2d(c_in, c_in, kernel_size=1)
        if classes:
            self.class_cond_vert = nn.Embedding(classes, 2 * c_in)
            self.class_cond_horiz = nn.Embedding(classes, 2 * c_in)
        self.classes = classes

    def forward(self, v_stack, h_stack, labels=None):
        v_feat = self.conv_vert(v_stack)
        h_feat = self.conv_horiz(h_stack)
        if self.classes:
            v_feat = v_feat + embed(self.class_cond_vert, labels)[:, :, None, None]
            h_feat = h_feat + embed(self.class_cond_horiz, labels)[:, :, None, None]
        v_val, v_gate = v_feat.chunk(2, dim=1)
        v_out = torch.tanh(v_val) * torch.sigmoid(v_gate)
        h_feat = h_feat + self.conv_vert_to_horiz(v_feat)
        h_val, h_gate = h_feat.chunk(2, dim=1)
        h_out = self.conv_horiz_1x1(torch.tanh(h_val) * torch.sigmoid(h_gate)) + h_stack
        return v_out, h_out


NO_LABEL = -1  # an image without its label (label dropout): no label term, as in the module (NoLabel)


def embed(embedding, labels):
    """The label embeddings [B, 2h], zero for NO_LABEL."""
    return embedding(labels.clamp_min(0)) * (labels >= 0).unsqueeze(1).to(embedding.weight.dtype)


class GatedPixelCNN(nn.Module):
    def __init__(self, c_hidden, classes=0):
        super().__init__()
        self.conv_vstack = MaskedConvolution(1, c_hidden, vertical_mask(mask_center=True))
        self.conv_hstack = MaskedConvolution(1, c_hidden, horizontal_mask(mask_center=True))
        self.conv_layers = nn.ModuleList([GatedMaskedConv(c_hidden, d, classes) for d in (1, 2, 1, 4, 1, 2, 1)])
        self.conv_out = nn.Conv2d(c_hidden, 256, kernel_size=1)

    def forward(self, x, labels=None):
        """x: uint8 images [B,1,28,28]; returns logits [B,256,1,28,28]."""
        x = (x.float() / 255.0) * 2 - 1
        v_stack = self.conv_vstack(x)
        h_stack = self.conv_hstack(x)
        for layer in self.conv_layers:
            v_stack, h_stack = layer(v_stack, h_stack, labels)
        out = self.conv_out(F.elu(h_stack))
        return out.reshape(out.shape[0], 256, 1, out.shape[2], out.shape[3])


def raster_mask(kernel_size, mask_type):
    """The tutorial's mask: every row above the centre, and the centre row left of the centre (type A) or up to and
    including it (type B)."""
    mask = torch.zeros(kernel_size, kernel_size)
    mask[:kernel_size // 2, :] = 1
    mask[kernel_size // 2, :kernel_size // 2 + (1 if mask_type == "B" else 0)] = 1
    return mask


class ResidualBlock(nn.Module):
    def __init__(self, h, dilation=1):
        super().__init__()
        self.block = nn.Sequential(
            nn.Conv2d(2 * h, h, 1), nn.BatchNorm2d(h), nn.ReLU(),
            MaskedConvolution(h, h, raster_mask(3, "B"), dilation, mask_rank=2), nn.BatchNorm2d(h), nn.ReLU(),
            nn.Conv2d(h, 2 * h, 1), nn.BatchNorm2d(2 * h), nn.ReLU())

    def forward(self, x):
        return x + self.block(x)


class PixelCNN(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.layers = nn.Sequential(
            MaskedConvolution(1, 2 * h, raster_mask(7, "A"), mask_rank=2), nn.BatchNorm2d(2 * h), nn.ReLU(),
            *[ResidualBlock(h, d) for d in (1, 2, 1, 3, 1, 2, 1)],
            nn.Conv2d(2 * h, 2 * h, 1), nn.BatchNorm2d(2 * h), nn.ReLU(),
            nn.Conv2d(2 * h, 256, 1))

    def forward(self, x, labels=None):
        """x: uint8 images [B,1,28,28]; returns logits [B,256,1,28,28]. The tutorial's network has no labels."""
        out = self.layers(x.float() / 255.0)
        return out.reshape(out.shape[0], 256, 1, out.shape[2], out.shape[3])


ARCHITECTURES = {
    # name: (constructor, input scaling as PixelCnn records it, block dilations)
    "PixelCnn": (lambda hidden, classes: PixelCNN(hidden), "x/255", "1,2,1,3,1,2,1"),
    "Gated": (lambda hidden, classes: GatedPixelCNN(hidden, classes), "x/255*2-1", "1,2,1,4,1,2,1"),
}


def create(architecture, hidden, classes=0):
    if architecture == "PixelCnn" and classes:
        raise ValueError("the tutorial's PixelCNN is unconditional; class conditioning needs the Gated architecture")
    return ARCHITECTURES[architecture][0](hidden, classes)


_DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.uint8: "U8"}


def save_safetensors(path, state, metadata):
    """Writes tensors and string metadata as a safetensors file (the format PixelCnn's checkpoints use)."""
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(state):
        tensor = state[name].detach().cpu().contiguous()
        data = tensor.numpy().tobytes()
        header[name] = {"dtype": _DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for chunk in chunks:
            f.write(chunk)


def checkpoint_metadata(model, architecture, hidden, classes, epoch, history, shape=(28, 28)):
    """The metadata Import-PixelCnn reads: architecture, hidden size, image size, classes, epochs done and their records."""
    metadata = {
        "format": "pt",
        "pixelcnn.schema": "1",
        "pixelcnn.architecture": architecture,
        "hidden_dim": str(hidden),
        "dilations": ARCHITECTURES[architecture][2],
        "input_scaling": ARCHITECTURES[architecture][1],
        "pixelcnn.classes": str(classes),
        "pixelcnn.epoch": str(epoch),
        "pixelcnn.history": json.dumps(history),
        "pixelcnn.height": str(shape[0]),
        "pixelcnn.width": str(shape[1]),
    }
    if classes:
        metadata["pixelcnn.class_names"] = json.dumps([str(i) for i in range(classes)])
    return metadata
