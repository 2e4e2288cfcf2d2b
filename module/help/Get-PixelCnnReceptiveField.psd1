@{
    Synopsis    = 'Shows which input pixels influence the predicted distribution of one pixel.'
    Description = @'
Measures the receptive field with autograd on the model itself: the gradient of the pixel's 256 logits with respect to the input image, on a few random images in evaluation mode. Every input pixel with a non-zero gradient is in the field.

For a causal model the field holds only earlier pixels (raster order); IsCausal says so and CausalityViolations lists any later pixel that leaks in. Unseen lists earlier pixels outside the field, and BlindSpot those of them that lie within the field's reach (from its first row down to the pixel, between its leftmost and rightmost columns). The original PixelCNN has a blind spot, a wedge up and to the right that its stacked masks never reach (55 pixels at (14,14)); the Gated PixelCNN has none: its vertical stack sees every row above within 13 rows and 13 columns, its horizontal stack the current row to the left. A class-conditional model is probed with labels cycling through its classes. Export-Png draws the field: the pixel in red, the field in white, the blind spot in orange, other earlier pixels (out of reach) in dark blue, later pixels black.
'@
    Parameters  = @{
        Row    = 'Row of the predicted pixel, 0 (top) to the model''s height - 1 (27 at 28x28).'
        Column = 'Column of the predicted pixel, 0 (left) to the model''s width - 1 (27 at 28x28).'
        Model  = 'The model to probe (from New-PixelCnn or Import-PixelCnn, or the pipeline).'
    }
    Examples    = @(
        @{ Code = 'New-PixelCnn -HiddenDim 16 | Get-PixelCnnReceptiveField -Row 14 -Column 14'; Remarks = 'Shows the size of the field of the centre pixel, the number of unseen earlier pixels and whether the model is causal there.' }
        @{ Code = 'Get-PixelCnnReceptiveField -Model $m -Row 14 -Column 14 | Export-Png -Path field.png -Scale 8'; Remarks = 'Draws the field with its blind spot, 8 screen pixels per image pixel.' }
        @{ Code = "'PixelCnn', 'Gated' | ForEach-Object { New-PixelCnn -Architecture `$_ -HiddenDim 16 | Get-PixelCnnReceptiveField -Row 14 -Column 14 }"; Remarks = 'Compares both architectures: the same pixel, a blind spot of 55 pixels against none.' }
    )
    Inputs      = @(@{ Type = 'PixelCnn.Model.PixelCnnModel'; Description = 'The model.' })
    Outputs     = @(@{ Type = 'PixelCnn.Model.PixelCnnReceptiveField'; Description = 'Row, Column, Count, Pixels, Unseen, BlindSpot, CausalityViolations and IsCausal.' })
}
