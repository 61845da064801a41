//! Runs an input stream ahead on its own tokio task, a few batches deep. An ordered node reads one
//! unsplit input partition, so without this the file decoding and the node's own work take turns
//! on one core; with it they overlap (the decoding usually being the larger half).

use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::stream::RecordBatchReceiverStream;
use futures::StreamExt;

pub fn prefetch(mut input: SendableRecordBatchStream, depth: usize) -> SendableRecordBatchStream {
    let mut b = RecordBatchReceiverStream::builder(input.schema(), depth);
    let tx = b.tx();
    b.spawn(async move {
        while let Some(item) = input.next().await {
            // The consumer went away (stream dropped, e.g. after a limit): stop reading.
            if tx.send(item).await.is_err() {
                break;
            }
        }
        Ok(())
    });
    b.build()
}
