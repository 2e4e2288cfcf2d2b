"""The Gated PixelCNN in PyTorch, laid out as the UvA deep-learning course's tutorial (Tutorial 12, "Autoregressive
Image Modeling") builds it, plus the class conditioning PixelCnn adds: two embeddings of the label per gated block
(class_cond_vert, class_cond_horiz, 2h values each) added to the vertical and horizontal pre-gate features.
State names and tensor shapes equal PixelCnn's -Architecture Gated model, so its checkpoints load here with
load_state_dict(strict=True) and the other way round.
"""
import torch, torch.nn as nn, torch.nn.functional as F


class MaskedConvolution(nn.Module):
    def __init__(self, c_in, c_out, mask, dilation=1):
        super().__init__()
        kernel_size = (mask.shape[0], mask.shape[1])
        padding = tuple(dilation * (kernel_size[i] - 1) // 2 for i in range(2))
        self.conv = nn.Conv2d(c_in, c_out, kernel_size, padding=padding, dilation=dilation)
        self.register_buffer("mask", mask[None, None])

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
            v_feat = v_feat + self.class_cond_vert(labels)[:, :, None, None]
            h_feat = h_feat + self.class_cond_horiz(labels)[:, :, None, None]
        v_val, v_gate = v_feat.chunk(2, dim=1)
        v_out = torch.tanh(v_val) * torch.sigmoid(v_gate)
        h_feat = h_feat + self.conv_vert_to_horiz(v_feat)
        h_val, h_gate = h_feat.chunk(2, dim=1)
        h_out = self.conv_horiz_1x1(torch.tanh(h_val) * torch.sigmoid(h_gate)) + h_stack
        return v_out, h_out


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
